export type ConfigKey = string;
