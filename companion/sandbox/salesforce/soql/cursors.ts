/** A server-side query cursor: the remaining rows of a query, served page by page (§A.5). */
export type QueryCursor = { rows: Record<string, unknown>[]; totalSize: number; expiresAt: number };
