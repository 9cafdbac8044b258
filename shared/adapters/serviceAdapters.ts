/** The service function's adapters (adjustments, imports, exports), built once per container on first use. */
import type { AdjustmentsDeps } from '../useCases/adjustments.js';
import type { ExportsDeps } from '../useCases/exports.js';
import type { ImportsDeps } from '../useCases/imports.js';
import { adapters } from './adapters.js';
import { DynamoAdjustmentList } from './dynamodb/DynamoAdjustmentList.js';
import { DynamoExportSource } from './dynamodb/DynamoExportSource.js';
import { DynamoImportStore } from './dynamodb/DynamoImportStore.js';

let built: (AdjustmentsDeps & ImportsDeps & ExportsDeps) | undefined;

export function serviceDeps(): AdjustmentsDeps & ImportsDeps & ExportsDeps {
  built ??= {
    ...adapters(),
    adjustments: new DynamoAdjustmentList(),
    imports: new DynamoImportStore(),
    exports: new DynamoExportSource(),
  };
  return built;
}
