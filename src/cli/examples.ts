// The `Examples:` block at the end of a command's --help (commander's addHelpText('after', …)), drawn from the
// textbook tshelm follows (k3s with MetalLB: the edu repository at https://iac-source.github.io/helm-charts,
// release metallb in namespace metallb-system). test/unit/cli/help-examples.test.ts checks that every command has one.
export function examples(...lines: string[]): string {
  return '\nExamples:\n' + lines.map((l) => `  ${l}`).join('\n') + '\n';
}
