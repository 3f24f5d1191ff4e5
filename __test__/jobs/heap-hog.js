// Allocates until the heap limit ends the process.
const hoard = [];
for (;;) {
    hoard.push(new Array(100000).fill(Math.random()));
}
