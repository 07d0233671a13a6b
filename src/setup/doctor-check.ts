/** One line of `attractor-lint doctor`: what was looked at, what was found, and the fix for a problem. */
export interface DoctorCheck {
  area: string;
  status: 'ok' | 'problem' | 'note';
  message: string;
  fix?: string;
}
