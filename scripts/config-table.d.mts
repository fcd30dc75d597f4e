export function configTable(): string;
export function configRows(): Array<{ name: string; type: string; def: string; range: string; description: string }>;
