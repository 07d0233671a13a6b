import type { Constraint, ConventionFamily } from '../../../model.js';

const quote = (text: string): string => JSON.stringify(text);
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** How a convention's API is called: a function by its name, a method on a receiver. */
export type Callee = 'name' | 'method';

/** The callee of a call of the API, its name captured as `@fn`. */
const CALLEES: Record<Callee, string> = { name: '(identifier) @fn', method: '(attribute attribute: (identifier) @fn)' };
/** A use of `@use` that dereferences it: an attribute, a method call, an item. */
const DEREF = '[(attribute object: (identifier) @use) (call function: (attribute object: (identifier) @use)) (subscript value: (identifier) @use)]';

/**
 * The query (and constraints) that finds a convention's deviants: the calls of `api` that do not
 * do what most do. Python.
 *
 * - `missing_await`: the call as a statement of its own, in an async function (a coroutine made and dropped);
 * - `none_guard`: the result used on the spot (`api().x`, `api()[k]`), or bound to a name the very
 *   next statement dereferences;
 * - `required_keyword`: a call without the keyword (and without `**mapping`, which may hold it);
 * - `unused_result`: the call as a statement of its own;
 * - `forwarded_parameter`: a call without the keyword inside a function that takes a parameter of
 *   that name (its fix passes it on: `keyword=keyword`).
 *
 * No family reports calls inside test functions (`def test...`): tests call APIs the odd way on purpose.
 * A string method's dropped result (`pure`) is not reported inside a `try`: the call may be there
 * for the error it raises.
 */
export function conventionQuery(family: ConventionFamily, api: string, callee: Callee, keyword?: string, options: { pure?: boolean } = {}): { query: string; where: Constraint[] } {
  const { query, where = [] } = deviantsOf(family, api, callee, keyword);
  const extra: Constraint[] = [{ capture: 'match', notInside: { kind: 'function_definition', text: '^(?:async\\s+)?def\\s+test' } }];
  // `value.decode("ascii")` alone in a try: called for the error it may raise, the result not wanted.
  if (options.pure) extra.push({ capture: 'match', notInside: { kind: 'try_statement' }, stopAt: ['function_definition', 'lambda', 'class_definition'] });
  return { query, where: [...where, ...extra] };
}

function deviantsOf(family: ConventionFamily, api: string, callee: Callee, keyword?: string): { query: string; where?: Constraint[] } {
  const is = `(#eq? @fn ${quote(api)})`;
  const CALLEE = CALLEES[callee];
  const withoutKeyword = (): Constraint[] => [
    { capture: 'args', notHas: { kind: 'keyword_argument', text: `^${escape(keyword as string)}\\s*=` } },
    { capture: 'args', notHas: { kind: 'dictionary_splat' } },
  ];
  switch (family) {
    case 'missing_await':
      return {
        query: `((expression_statement (call function: ${CALLEE}) @match) ${is})`,
        where: [{ capture: 'match', inside: { kind: 'function_definition', async: true }, stopAt: ['function_definition', 'lambda', 'class_definition'] }],
      };
    case 'unused_result':
      if (api === 'join' && callee === 'method') {
        // `sep.join(parts)`, not `thread.join()` or `process.join(timeout)`: one argument, not a number or a timeout.
        return {
          query: `((expression_statement (call function: ${CALLEE} arguments: (argument_list . (_) @arg .)) @match) ${is})`,
          where: [
            { capture: 'arg', isNot: { kind: ['integer', 'float', 'keyword_argument', 'comment'] } },
            { capture: 'arg', isNot: { text: 'timeout' } },
          ],
        };
      }
      return { query: `((expression_statement (call function: ${CALLEE}) @match) ${is})` };
    case 'none_guard':
      return {
        query: [
          `((attribute object: (call function: ${CALLEE}) @match) ${is})`,
          `((subscript value: (call function: ${CALLEE}) @match) ${is})`,
          `((block (expression_statement (assignment left: (identifier) @var right: (call function: ${CALLEE}) @match)) . [(expression_statement [${DEREF} (assignment right: ${DEREF})]) (return_statement ${DEREF})]) (#eq? @var @use) ${is})`,
        ].join('\n'),
      };
    case 'required_keyword':
      return {
        query: `((call function: ${CALLEE} arguments: (argument_list) @args) @match ${is})`,
        where: withoutKeyword(),
      };
    case 'forwarded_parameter':
      // Two patterns: the last argument (the fix appends after it) and an empty argument list.
      return {
        query: [
          `((call function: ${CALLEE} arguments: (argument_list (_) @last .) @args) @match ${is})`,
          `((call function: ${CALLEE} arguments: (argument_list) @args) @match ${is} (#eq? @args "()"))`,
        ].join('\n'),
        where: [
          ...withoutKeyword(),
          // The innermost function around the call takes a parameter of that name.
          { capture: 'match', inside: { kind: 'function_definition', text: `^(?:async\\s+)?def\\s+\\w+\\s*\\((?:(?:[^()]|\\([^()]*\\))*?,)?\\s*${escape(keyword as string)}\\s*[:=,)]` }, stopAt: ['function_definition', 'lambda', 'class_definition'] },
        ],
      };
  }
}
