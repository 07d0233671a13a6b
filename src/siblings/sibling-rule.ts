/** The pseudo-rule of every sibling finding (configurable like a rule: `rules: { "sibling-of-staged-edit": "off" }`). */
export const SIBLING_RULE_ID = 'sibling-of-staged-edit';

export const SIBLING_DESCRIPTION = 'A site the change left as it was, where it changed the same code elsewhere.';
