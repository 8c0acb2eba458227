/** Where a command writes: stdout for its result, stderr for messages and progress. */
export type CliIo = {
    out: (text: string) => void;
    err: (text: string) => void;
    /** Whether stderr is a terminal (progress bars are drawn only there). */
    errIsTty: boolean;
};

export type Progress = { tick(label?: string): void; done(): void };

export type Output = {
    json: boolean;
    /** The command's result: one JSON document with --json, else the human lines. */
    result(doc: unknown, human: () => readonly string[]): void;
    /** A message for the human (stderr; with --json too, so stdout stays one document). */
    note(line: string): void;
    /** A progress bar on stderr, drawn only on a terminal and without --json. */
    progress(total: number, label: string): Progress;
};

const WIDTH = 24;

export function createOutput(io: CliIo, json: boolean): Output {
    const draw = !json && io.errIsTty;
    return {
        json,
        result(doc, human) {
            if (json) io.out(`${JSON.stringify(doc, null, 2)}\n`);
            else for (const line of human()) io.out(`${line}\n`);
        },
        note: (line) => io.err(`${line}\n`),
        progress(total, label) {
            let n = 0;
            const render = (what: string) => {
                if (!draw) return;
                const filled = total > 0 ? Math.round((n / total) * WIDTH) : 0;
                const bar = `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`;
                io.err(`\r${label} ${bar} ${total > 0 ? `${n}/${total}` : n} ${what}\x1b[K`);
            };
            render('');
            return {
                tick(what = '') {
                    n += 1;
                    render(what);
                },
                done() {
                    if (draw) io.err('\n');
                }
            };
        }
    };
}

/** Pads columns to their widest cell, two spaces apart. */
export function table(rows: readonly (readonly string[])[]): string[] {
    const widths: number[] = [];
    for (const row of rows)
        row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
    return rows.map((row) =>
        row
            .map((cell, i) => cell.padEnd(widths[i] ?? 0))
            .join('  ')
            .trimEnd()
    );
}
