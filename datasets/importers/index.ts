// Importers: real dataset folders and zips → normalized, validated in-memory datasets.
export { memorySource, zipSource } from "./file-source";
export { importAny } from "./detect-layout";
