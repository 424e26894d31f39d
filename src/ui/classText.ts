// Human descriptions of class names. The classes themselves come from the model card; a class
// the app has no text for is shown by its name.
const DESCRIPTIONS: Record<string, string> = {
  real: 'No manipulation found',
  identity: 'Identity manipulation: face swap or fully synthetic person',
  attribute: 'Attribute edit: hair, gender or age changed by a GAN',
  splice: 'Spliced: face parts pasted in by photo editing',
  expression: 'Expression manipulation: re-enacted face',
};

export const classDescription = (name: string): string => DESCRIPTIONS[name] ?? name;

export const percent = (p: number): string => `${(p * 100).toFixed(1)} %`;
