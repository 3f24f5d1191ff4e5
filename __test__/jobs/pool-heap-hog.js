// Keeps allocating until the heap limit ends the process.
const retained = [];
for (;;) {
  retained.push(new Array(100000).fill({ retained: retained.length }));
}
