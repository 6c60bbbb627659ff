import { EventStoreError } from '@tandem/eventstore';
import { Command, CommanderError } from 'commander';
import { registerAdminCommand } from './admin.command';
import { registerAuditCommand } from './audit.command';
import { registerEventsCommand } from './events.command';
import { registerProjectionsCommand } from './projections.command';
import { registerStartCommand } from './start.command';
import { registerTransferCommands } from './transfer.command';

const program = new Command('tandem').description('Tandem — mentorship programs for ALA round tables, event-sourced').showHelpAfterError().exitOverride();

registerStartCommand(program);
registerEventsCommand(program);
registerProjectionsCommand(program);
registerAdminCommand(program);
registerAuditCommand(program);
registerTransferCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  if (error instanceof EventStoreError || (error instanceof Error && !process.env.TANDEM_DEBUG)) {
    console.error(`tandem: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
