import { AccountStore, createPlatformAdmin, loadConfig, openSql } from '@tandem/api';
import type { Command } from 'commander';

export const registerAdminCommand = (program: Command): void => {
  const admin = program.command('admin').description('manage platform administrators');
  admin
    .command('create')
    .description('create the first platform admin (or reset an admin’s password); prints the password when it generates one')
    .requiredOption('--email <email>', 'sign-in email')
    .option('--name <name>', 'display name', 'Platform admin')
    .option('--password <password>', 'at least 12 characters (default: $TANDEM_ADMIN_PASSWORD, else generated)')
    .option('--readmodels <url>', 'the database holding accounts (default: $READMODELS_URL, $DATABASE_URL, else ./data/readmodels.sqlite)')
    .action(async (options: { email: string; name: string; password?: string; readmodels?: string }) => {
      const config = loadConfig({ ...process.env, ...(options.readmodels ? { READMODELS_URL: options.readmodels } : {}) });
      const sql = openSql(config.readModelsUrl);
      try {
        const accounts = new AccountStore(sql);
        await accounts.migrate();
        const created = await createPlatformAdmin(accounts, {
          email: options.email,
          name: options.name,
          password: options.password ?? process.env.TANDEM_ADMIN_PASSWORD ?? null,
          now: new Date().toISOString(),
        });
        console.log(`${created.existed ? 'updated' : 'created'} platform admin ${created.email}`);
        if (created.generated) console.log(`password: ${created.password}  (shown once; sign in and keep it safe)`);
      } finally {
        await sql.close();
      }
    });
};
