// Spins forever without yielding to the event loop.
for (;;) {
  // busy
}
