// Leaves a rejected promise unhandled after an await.
async function main() {
  await new Promise((resolve) => setTimeout(resolve, 5));
  throw new TypeError('rejected later');
}
main();
