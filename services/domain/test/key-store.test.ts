import { expect, it } from 'vitest';
import { openKeyStore } from '../src/person/key-store';
import { describeOnBothStores, freshTenant } from './support/stores';

describeOnBothStores('the key store beside the events', ({ open }) => {
  it('loads a page’s keys in one go: known keys come back from memory, erased and unknown ones stay absent', async () => {
    const { store, keyStore } = await open();
    const tenant = freshTenant();
    const kept = await keyStore.keyFor(tenant, 'p-kept');
    await keyStore.keyFor(tenant, 'p-erased');
    await keyStore.erase(tenant, 'p-erased', '2026-11-30T12:00:00.000Z');

    // A second key store on the same database starts with nothing in memory, as a rebuild's does.
    const fresh = openKeyStore(store);
    await fresh.loadKeys([
      { tenant, personId: 'p-kept' },
      { tenant, personId: 'p-erased' },
      { tenant, personId: 'p-unknown' },
      { tenant: freshTenant(), personId: 'p-kept' },
    ]);
    // The kept key was loaded: it is still found after its row is deleted behind the store's back.
    const run = async (sql: string, params: string[]) => {
      const s = store as unknown as {
        db?: { prepare(q: string): { run(...p: string[]): unknown } };
        pool?: { query(q: string, p: string[]): Promise<unknown> };
      };
      if (s.db) s.db.prepare(sql.replace(/\$\d/g, '?')).run(...params);
      else await s.pool?.query(sql, params);
    };
    await run('DELETE FROM tandem_person_keys WHERE tenant = $1 AND person_id = $2', [tenant, 'p-kept']);
    expect((await fresh.findKey(tenant, 'p-kept'))?.key.equals(kept.key)).toBe(true);
    expect(await fresh.findKey(tenant, 'p-erased')).toBeNull();
    expect(await fresh.findKey(tenant, 'p-unknown')).toBeNull();
    // Forgetting drops the loaded key: the next lookup reads the database again.
    fresh.forget(tenant, 'p-kept');
    expect(await fresh.findKey(tenant, 'p-kept')).toBeNull();
  });
});
