// Starts dynalite (its cli.js, with the same arguments) in a process that outlives a client hanging up in the
// middle of a request. dynalite's request handler rethrows the request's 'aborted' error
// (`req.on('error', function (err) { throw err })` in dynalite 4.0.0's index.js), which ends the whole process:
// the chaos suite's kill -9 of a node with a request in flight took the store down for the rest of a run. A
// DynamoDB endpoint does not fall over when a client goes away, so the test server must not either.
process.on('uncaughtException', (err) => {
  if (err && (err.code === 'ECONNRESET' || err.message === 'aborted')) {
    console.error(`dynalite: a client hung up in the middle of a request; serving on (${err.message})`);
    return;
  }
  console.error(err);
  process.exit(1);
});
require('dynalite/cli.js');
