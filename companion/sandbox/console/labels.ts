import { readFile } from 'node:fs/promises';

import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';

const labelsSchema = z.object({
    CustomLabels: z.object({
        labels: z.array(
            z.object({ fullName: z.string(), value: z.union([z.string(), z.number()]) })
        )
    })
});

/** The package's custom labels (name → value) from a `CustomLabels.labels-meta.xml` text. */
export function parseLabels(xml: string): Map<string, string> {
    const parsed = labelsSchema.parse(
        new XMLParser({ isArray: (name) => name === 'labels', parseTagValue: false }).parse(xml)
    );
    return new Map(parsed.CustomLabels.labels.map((l) => [l.fullName, String(l.value)]));
}

export async function readLabels(file: string): Promise<Map<string, string>> {
    return parseLabels(await readFile(file, 'utf8'));
}
