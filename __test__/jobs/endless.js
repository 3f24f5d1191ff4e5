// Never ends on its own and never reads messages.
for (;;) {
    // Busy loop on purpose.
}
