// Exits with code 0 after 10 ms without posting 'done'.
setTimeout(() => {}, 10);
