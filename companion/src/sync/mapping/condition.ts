import { AppError } from '../../errors.ts';
import { readPath } from './path.ts';

export type Literal = string | number | boolean | null;
export type CompareOperator = '=' | '!=' | '>' | '<' | '>=' | '<=' | 'contains';
export type UnaryOperator = 'blank' | 'notblank';

/** A parsed mapping condition: clauses joined by AND / OR. */
export type Condition =
    | { kind: 'compare'; path: string; op: CompareOperator; value: Literal }
    | { kind: 'unary'; path: string; op: UnaryOperator }
    | { kind: 'and' | 'or'; left: Condition; right: Condition };

/** A condition's text does not follow the grammar; `position` is 1-based. */
export class ConditionSyntaxError extends AppError {
    readonly position: number;

    constructor(position: number, message: string) {
        super('condition_syntax', `Condition syntax error at position ${position}: ${message}`);
        this.position = position;
    }
}

type Token =
    | { type: 'word'; text: string; at: number }
    | { type: 'number'; value: number; text: string; at: number }
    | { type: 'string'; value: string; text: string; at: number }
    | { type: 'symbol'; text: string; at: number }
    | { type: 'end'; text: string; at: number };

const WORD = /[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*/y;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![A-Za-z0-9_.])/y;
const SYMBOL = /!=|>=|<=|=|>|<|\(|\)/y;
const SPACE = /\s*/y;

function match(pattern: RegExp, text: string, at: number): string | undefined {
    pattern.lastIndex = at;
    return pattern.exec(text)?.[0];
}

function readString(text: string, start: number): { value: string; end: number } {
    let value = '';
    for (let i = start + 1; i < text.length; i++) {
        const char = text[i];
        const next = text[i + 1];
        if (char === '\\' && (next === "'" || next === '\\')) {
            value += next;
            i++;
        } else if (char === "'") return { value, end: i + 1 };
        else value += char;
    }
    throw new ConditionSyntaxError(start + 1, 'the quoted value is never closed');
}

function tokenize(text: string): Token[] {
    const tokens: Token[] = [];
    let at = match(SPACE, text, 0)?.length ?? 0;
    while (at < text.length) {
        const word = match(WORD, text, at);
        const number = word === undefined ? match(NUMBER, text, at) : undefined;
        const symbol = match(SYMBOL, text, at);
        if (text[at] === "'") {
            const { value, end } = readString(text, at);
            tokens.push({ type: 'string', value, text: text.slice(at, end), at: at + 1 });
            at = end;
        } else if (word !== undefined) {
            tokens.push({ type: 'word', text: word, at: at + 1 });
            at += word.length;
        } else if (number !== undefined) {
            tokens.push({ type: 'number', value: Number(number), text: number, at: at + 1 });
            at += number.length;
        } else if (symbol !== undefined) {
            tokens.push({ type: 'symbol', text: symbol, at: at + 1 });
            at += symbol.length;
        } else throw new ConditionSyntaxError(at + 1, `unexpected character '${text[at]}'`);
        at += match(SPACE, text, at)?.length ?? 0;
    }
    tokens.push({ type: 'end', text: 'the end', at: text.length + 1 });
    return tokens;
}

const COMPARE_SYMBOLS = new Set(['=', '!=', '>', '<', '>=', '<=']);

class Parser {
    private index = 0;

    constructor(private readonly tokens: Token[]) {}

    private peek(): Token {
        return this.tokens[Math.min(this.index, this.tokens.length - 1)] as Token;
    }

    private next(): Token {
        const token = this.peek();
        this.index++;
        return token;
    }

    private keyword(word: string): boolean {
        const token = this.peek();
        if (token.type !== 'word' || token.text.toLowerCase() !== word) return false;
        this.index++;
        return true;
    }

    private fail(token: Token, expected: string): never {
        const found = token.type === 'end' ? 'the end' : `'${token.text}'`;
        throw new ConditionSyntaxError(token.at, `expected ${expected} but found ${found}`);
    }

    parse(): Condition {
        const condition = this.or();
        const rest = this.peek();
        if (rest.type !== 'end') this.fail(rest, 'AND, OR or the end');
        return condition;
    }

    private or(): Condition {
        let left = this.and();
        while (this.keyword('or')) left = { kind: 'or', left, right: this.and() };
        return left;
    }

    private and(): Condition {
        let left = this.primary();
        while (this.keyword('and')) left = { kind: 'and', left, right: this.primary() };
        return left;
    }

    private primary(): Condition {
        const token = this.peek();
        if (token.type === 'symbol' && token.text === '(') {
            this.index++;
            const inner = this.or();
            const close = this.next();
            if (close.type !== 'symbol' || close.text !== ')') this.fail(close, "')'");
            return inner;
        }
        return this.clause();
    }

    private clause(): Condition {
        const field = this.next();
        if (field.type !== 'word') this.fail(field, 'a field name');
        const op = this.next();
        const word = op.type === 'word' ? op.text.toLowerCase() : '';
        if (word === 'blank' || word === 'notblank')
            return { kind: 'unary', path: field.text, op: word };
        if (word === 'contains' || (op.type === 'symbol' && COMPARE_SYMBOLS.has(op.text)))
            return {
                kind: 'compare',
                path: field.text,
                op: (word || op.text) as CompareOperator,
                value: this.literal(op)
            };
        return this.fail(op, `an operator after '${field.text}'`);
    }

    private literal(op: Token): Literal {
        const token = this.next();
        if (token.type === 'string' || token.type === 'number') return token.value;
        const word = token.type === 'word' ? token.text.toLowerCase() : '';
        if (word === 'true' || word === 'false') return word === 'true';
        if (word === 'null') return null;
        return this.fail(token, `a value after '${op.text}'`);
    }
}

/** The Apex preview's one-clause form (MappingRuleEvaluator.CLAUSE), checked the way it checks it. */
const APEX_CLAUSE = /^\s*([A-Za-z][A-Za-z0-9_]*)\s+(=|!=|>|<|contains|blank|notblank)\s*(.*?)\s*$/s;

/**
 * What the Apex preview reads from a condition the grammar refuses, e.g. an unquoted
 * `Type = New Business` or the setup page's `Name = 'O'Brien'`: the value is the rest of the
 * text with one leading and one trailing quote removed. Undefined when Apex refuses it too.
 */
function apexClause(text: string): Condition | undefined {
    const [, path = '', op = '', rest = ''] = APEX_CLAUSE.exec(text) ?? [];
    if (!path) return undefined;
    if (op === 'blank' || op === 'notblank') return rest ? undefined : { kind: 'unary', path, op };
    if (!rest) return undefined;
    const value = rest.replace(/^'/, '').replace(/'$/, '');
    return { kind: 'compare', path, op: op as CompareOperator, value };
}

/**
 * Parses a condition; throws `ConditionSyntaxError` naming the position of the first problem.
 * A single clause the Apex preview accepts is always accepted, read as Apex reads it.
 */
export function parseCondition(text: string): Condition {
    try {
        return new Parser(tokenize(text)).parse();
    } catch (error) {
        const clause = error instanceof ConditionSyntaxError ? apexClause(text) : undefined;
        if (clause) return clause;
        throw error;
    }
}

/** The field paths a condition reads; none when it does not parse (it then applies to nothing). */
export function conditionPaths(text: string | null): string[] {
    if (!text?.trim()) return [];
    let condition: Condition;
    try {
        condition = parseCondition(text);
    } catch {
        return [];
    }
    const walk = (c: Condition): string[] =>
        c.kind === 'compare' || c.kind === 'unary' ? [c.path] : [...walk(c.left), ...walk(c.right)];
    return walk(condition);
}

function printLiteral(value: Literal): string {
    if (typeof value === 'string') return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
    return String(value);
}

/** Writes a condition back as text that parses to the same condition. */
export function printCondition(condition: Condition): string {
    switch (condition.kind) {
        case 'unary':
            return `${condition.path} ${condition.op}`;
        case 'compare':
            return `${condition.path} ${condition.op} ${printLiteral(condition.value)}`;
        default:
            return `(${printCondition(condition.left)} ${condition.kind.toUpperCase()} ${printCondition(condition.right)})`;
    }
}

const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

function asNumber(value: unknown): number | undefined {
    if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
    if (typeof value === 'string' && NUMERIC.test(value)) return Number(value);
    return undefined;
}

/** Text of a primitive as Apex's String.valueOf gives it; null/undefined read as ''. */
function asText(value: unknown): string | undefined {
    if (value === null || value === undefined) return '';
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return undefined;
}

function isBlank(value: unknown): boolean {
    return value === null || value === undefined || (typeof value === 'string' && !value.trim());
}

/**
 * -1, 0 or 1 when the two sides are comparable, else undefined: numbers (a numeric string on
 * either side counts, as the Apex evaluator reads `Amount > '1000'`), ISO dates with dates, and
 * datetimes with datetimes (by instant).
 */
function order(actual: unknown, expected: Literal): number | undefined {
    const left = asNumber(actual);
    const right = asNumber(expected);
    if (left !== undefined && right !== undefined) return Math.sign(left - right);
    if (typeof actual !== 'string' || typeof expected !== 'string') return undefined;
    if (DATE.test(actual) && DATE.test(expected))
        return actual < expected ? -1 : actual > expected ? 1 : 0;
    if (DATETIME.test(actual) && DATETIME.test(expected)) {
        const difference = Date.parse(actual) - Date.parse(expected);
        return Number.isNaN(difference) ? undefined : Math.sign(difference);
    }
    return undefined;
}

/** A number literal compares numerically; any other literal as text, case-insensitively. */
function equals(actual: unknown, expected: Literal): boolean {
    if (expected === null) return actual === null || actual === undefined || actual === '';
    if (typeof expected === 'number') return asNumber(actual) === expected;
    const text = asText(actual);
    return text !== undefined && text.toLowerCase() === String(expected).toLowerCase();
}

function compare(actual: unknown, op: CompareOperator, expected: Literal): boolean {
    switch (op) {
        case '=':
            return equals(actual, expected);
        case '!=':
            return !equals(actual, expected);
        case 'contains': {
            const text = asText(actual);
            return (
                expected !== null &&
                text !== undefined &&
                text.toLowerCase().includes(String(expected).toLowerCase())
            );
        }
        default: {
            const ordered = expected === null ? undefined : order(actual, expected);
            if (ordered === undefined) return false;
            return { '>': ordered > 0, '<': ordered < 0, '>=': ordered >= 0, '<=': ordered <= 0 }[
                op
            ];
        }
    }
}

/** Whether a record meets a condition; never throws (a missing field reads as null). */
export function evaluateCondition(
    condition: Condition,
    record: Readonly<Record<string, unknown>>
): boolean {
    switch (condition.kind) {
        case 'and':
            return (
                evaluateCondition(condition.left, record) &&
                evaluateCondition(condition.right, record)
            );
        case 'or':
            return (
                evaluateCondition(condition.left, record) ||
                evaluateCondition(condition.right, record)
            );
        case 'unary':
            return isBlank(readPath(record, condition.path)) === (condition.op === 'blank');
        default:
            return compare(readPath(record, condition.path), condition.op, condition.value);
    }
}
