// A rebuild's SQLite writes on a thread of their own: see background-writer.ts.
// Plain JavaScript, so that the thread starts without a TypeScript loader.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

const Database = createRequire(workerData.driverPath)(workerData.driverPath);
const db = new Database(workerData.filename);
for (const pragma of workerData.pragmas) db.pragma(pragma);
// Another file for the statements to read (its schema name checked by BackgroundWriter); they only read it.
if (workerData.attach) db.prepare(`ATTACH DATABASE ? AS "${workerData.attach.schema}"`).run(workerData.attach.file);
const cache = new Map();
// BEGIN IMMEDIATE takes the write lock of every attached file too, and the log's writers would wait
// for each transaction here; a deferred BEGIN takes only the lock of the file a statement writes
// (every statement here writes this connection's own file, and takes its lock before it reads).
const begin = workerData.attach ? 'begin' : 'begin immediate';

parentPort.on('message', ({ id, statements, commitRows }) => {
  if (statements === null) {
    db.close();
    parentPort.close();
    return;
  }
  try {
    db.exec(begin);
    let uncommitted = 0;
    for (const { sql, params, rows } of statements) {
      if (uncommitted >= commitRows) {
        db.exec('commit');
        db.exec(begin);
        uncommitted = 0;
      }
      let statement = cache.get(sql);
      if (!statement) cache.set(sql, (statement = db.prepare(sql)));
      statement.run(...params);
      uncommitted += rows;
    }
    db.exec('commit');
    parentPort.postMessage({ id });
  } catch (error) {
    if (db.inTransaction) db.exec('rollback');
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
