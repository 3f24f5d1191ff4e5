// Ends the process with exit code 3.
process.exit(3);
