import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReadModels } from '@tandem/projections';
import type Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openSql } from '../src/core/sql';

/**
 * SQLite's locks on a file are POSIX advisory locks, and they belong to the process: closing any
 * descriptor of the file releases all of them. One SQLite library keeps track of its own
 * descriptors and works around that; two copies of the library in one process do not know each
 * other's ("How To Corrupt An SQLite Database File", 2.2.1). The API keeps its own tables in the
 * read-model file, beside MikroORM's connection, and the event store opens its file in the same
 * process, so the workspace installs one better-sqlite3 for all of them (the root `overrides`).
 */
describe('one SQLite library in the process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-sqlite-library-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("closing the API's connection keeps the read models' connection's locks", async () => {
    const file = join(dir, 'readmodels.sqlite');
    const readModels = await ReadModels.open(`sqlite:${file}`);
    // A connection made by MikroORM's driver, reading in a transaction: it holds a read mark in
    // the write-ahead log, which a checkpoint that restarts the log must wait for.
    const opened = await readModels.openSqliteConnection([]);
    if (!opened) throw new Error('expected a SQLite file');
    const reader = opened as unknown as Database.Database;
    try {
      reader.exec('create table probe (x integer); insert into probe values (1)');
      reader.exec('begin');
      expect(reader.prepare('select count(*) as n from probe').get()).toEqual({ n: 1 });

      const sql = openSql(`sqlite:${file}`);
      expect(await sql.all('select count(*) as n from probe')).toEqual([{ n: 1 }]);
      await sql.close();

      // Another process writes and asks for that checkpoint without waiting: it must find the
      // reader still reading (busy 1). With two libraries, the close above dropped the reader's
      // lock and the checkpoint went through under it (busy 0).
      const driver = createRequire(import.meta.url).resolve('better-sqlite3');
      const script = `
        const Database = require(process.argv[1]);
        const db = new Database(process.argv[2]);
        db.pragma('busy_timeout = 0');
        db.exec('insert into probe values (2)');
        console.log(JSON.stringify(db.pragma('wal_checkpoint(RESTART)')));
        db.close();`;
      const checkpoint = JSON.parse(execFileSync(process.execPath, ['-e', script, driver, file], { encoding: 'utf8' }));
      expect(checkpoint).toEqual([expect.objectContaining({ busy: 1 })]);
      expect(reader.prepare('select count(*) as n from probe').get()).toEqual({ n: 1 });
      reader.exec('commit');
    } finally {
      reader.close();
      await readModels.close();
    }
  });
});
