'use strict';

// Loads the native addon that `npm install` builds with cargo. napi's generated loader
// (lib/native.js) suggests reinstalling optional dependencies when the file is missing. That
// does not apply to a package built from source, so this error names the build command.
let binding;
try {
    binding = require('./native');
} catch (err) {
    const error = new Error(
        'The ferrous-job-manager native addon is not built or failed to load. Run `npm rebuild ferrous-job-manager` '
        + 'on a machine with Rust\'s cargo on PATH (npm may first ask you to approve the package\'s install script: '
        + '`npm install-scripts approve ferrous-job-manager`).'
    );
    error.code = 'ERR_NATIVE_ADDON_MISSING';
    error.cause = err;
    throw error;
}

module.exports = binding;
