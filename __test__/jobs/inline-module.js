'use strict';

// Inline job fixture: records its data on a global the test reads.
module.exports = async (data) => {
    global.inlineModuleCalls.push(data);
};
