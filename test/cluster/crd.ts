// A CustomResourceDefinition for tests: kind Widget (widgets.GROUP), namespaced, served at GROUP/v1, any fields.

export const widgetCrd = (group: string) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `widgets.${group}` },
  spec: {
    group, scope: 'Namespaced', names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
  },
});

/** The same CRD as a manifest document (a chart's crds/ file, a build's input): JSON is YAML. */
export const widgetCrdYaml = (group: string) => `${JSON.stringify(widgetCrd(group))}\n`;
