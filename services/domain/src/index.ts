// core

export * from './application/application.decider';
// programs: cycle, pool, matching decisions (the consistency boundary)
export * from './application/application.events';
export * from './core/command';
export * from './core/command-handler';
export * from './core/dates';
export * from './core/decider';
export * from './core/errors';
export * from './core/event';
export * from './core/ids';
export * from './core/metadata';
export * from './core/upcasters';
export * from './demo/seed';
export * from './pair/pair.decider';
// pairs
export * from './pair/pair.events';
export * from './pair/pair.handlers';
export * from './person/key-store';
// persons and personal data
export * from './person/person.decider';
export * from './person/person.handlers';
export * from './person/personal-data';
export * from './program/capacity';
export * from './program/match-run';
export * from './program/program.decider';
export * from './program/program.events';
export * from './program/program.handlers';
export * from './program/program.state';
export * from './program/waitlist.reactor';
// round tables (tenants)
export * from './roundtable/roundtable.decider';
export * from './roundtable/roundtable.handlers';
export * from './template/template.decider';
export * from './template/template.handlers';
export * from './template/template.rules';
// templates
export * from './template/template.types';
export * from './template/templates/lrrt.template';
export * from './template/templates/vrt.template';
// export and import of a round table's history
export * from './transfer/tenant-transfer';
