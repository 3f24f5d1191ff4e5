'use strict';

// setInterval's largest delay; the timer only exists to hold a ref on the event loop.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Holds Node's event loop open while the manager has work queued, running or scheduled, and lets
 * it go once nothing is left, so a host process exits by itself as it did with the original.
 * The native side uses weak threadsafe functions and never keeps the loop alive itself. One timer is
 * created up front and only ref'd and unref'd, which costs far less than a timer per busy spell.
 */
class KeepAlive {
    constructor() {
        this.holders = new Set();
        this.timer = setInterval(() => {}, MAX_TIMER_MS);
        this.timer.unref();
    }

    hold(key) {
        this.holders.add(key);
        if (this.holders.size === 1) {
            this.timer.ref();
        }
    }

    release(key) {
        if (this.holders.delete(key) && this.holders.size === 0) {
            this.timer.unref();
        }
    }
}

module.exports = KeepAlive;
