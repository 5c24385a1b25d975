/**
 * A cron expression checked field by field (pure), so that a wrong one is refused when the
 * config is read (by `check` and `build` too, not only by `schedule`) with the field that is
 * wrong (`schedule.cron: minute field ...: expected a step from 1 to 59 but received 61`).
 * The syntax is node-cron's: 5 fields, or 6 with seconds first; each field a comma list of
 * `*`, `N`, `N-M`, each optionally `/STEP`; month and weekday names (`jan`, `mon`) allowed;
 * weekday 0–7 (0 and 7 are Sunday).
 */

interface Field {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const SECOND: Field = { name: 'second', min: 0, max: 59 };
const FIELDS: readonly Field[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  },
  { name: 'day-of-week', min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

/** Why `expression` is not a cron expression, or undefined when it is one. */
export function cronProblem(expression: string): string | undefined {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5 && parts.length !== 6)
    return `expected a cron expression (5 fields, or 6 with seconds first) but received ${JSON.stringify(expression)} (${parts.length} ${parts.length === 1 ? 'field' : 'fields'})`;
  const fields = parts.length === 6 ? [SECOND, ...FIELDS] : FIELDS;
  for (const [index, field] of fields.entries()) {
    const text = parts[index] as string;
    const problem = fieldProblem(text, field);
    if (problem) return `${field.name} field ${JSON.stringify(text)}: ${problem}`;
  }
  return undefined;
}

function fieldProblem(text: string, field: Field): string | undefined {
  for (const item of text.split(',')) {
    const problem = itemProblem(item, field);
    if (problem) return problem;
  }
  return undefined;
}

function itemProblem(item: string, field: Field): string | undefined {
  const [range, step, extra] = item.split('/');
  if (extra !== undefined || range === undefined || range === '')
    return `expected *, a value, a range or a step but received ${JSON.stringify(item)}`;
  if (step !== undefined) {
    if (!/^\d+$/.test(step)) return `expected a whole-number step but received ${JSON.stringify(step)}`;
    const value = Number(step);
    if (value < 1 || value > field.max) return `expected a step from 1 to ${field.max} but received ${value}`;
  }
  if (range === '*') return undefined;
  const bounds = range.split('-');
  if (bounds.length > 2) return `expected a range like 1-5 but received ${JSON.stringify(range)}`;
  const values: number[] = [];
  for (const bound of bounds) {
    const value = valueOf(bound, field);
    if (value === undefined)
      return `expected a value from ${field.min} to ${field.max}${field.names ? ` or a name (${field.names[0]}–${field.names.at(-1)})` : ''} but received ${JSON.stringify(bound)}`;
    values.push(value);
  }
  const [from, to] = values as [number, number | undefined];
  if (to !== undefined && to < from) return `expected a range from low to high but received ${JSON.stringify(range)}`;
  return undefined;
}

function valueOf(text: string, field: Field): number | undefined {
  const named = field.names?.indexOf(text.toLowerCase()) ?? -1;
  if (named >= 0) return named + (field.name === 'month' ? 1 : 0);
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= field.min && value <= field.max ? value : undefined;
}
