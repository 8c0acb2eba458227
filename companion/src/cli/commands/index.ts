import type { Command } from '../command.ts';
import { connectCommand } from './connect.ts';
import { connectionsCommand } from './connections.ts';
import { dlqCommand } from './dlq.ts';
import { journalCommand } from './journal.ts';
import { planCommand } from './plan.ts';
import { reconcileCommand } from './reconcile.ts';
import { replayCommand } from './replay.ts';
import { revenueCommand } from './revenue.ts';
import { statusCommand } from './status.ts';

/** The commands that talk to a running companion over the admin API. */
export const COMMANDS: Readonly<Record<string, Command>> = {
    connect: connectCommand,
    status: statusCommand,
    dlq: dlqCommand,
    plan: planCommand,
    reconcile: reconcileCommand,
    replay: replayCommand,
    revenue: revenueCommand,
    journal: journalCommand,
    connections: connectionsCommand
};

/**
 * The commands that work on the database directly, with the companion's environment (they make
 * the admin keys the others need): the `npm run` scripts of the same names.
 */
export const LOCAL_COMMANDS = {
    keys: 'keys.ts',
    'rotate-key': 'rotate-key.ts'
} as const;
export type LocalCommand = keyof typeof LOCAL_COMMANDS;
