/** The service function's adapters (adjustments, imports, exports), built once per container on first use. */

import { DynamoAdjustmentList } from '../adapters/dynamodb/DynamoAdjustmentList.js';
import { DynamoExportSource } from '../adapters/dynamodb/DynamoExportSource.js';
import { DynamoImportStore } from '../adapters/dynamodb/DynamoImportStore.js';
import type { AdjustmentsDeps } from '../features/service/adjustments.js';
import type { ExportsDeps } from '../features/service/exports.js';
import type { ImportsDeps } from '../features/service/imports.js';
import { adapters, type StoreOverride, storeOverride } from './adapters.js';

let built: (AdjustmentsDeps & ImportsDeps & ExportsDeps) | undefined;
let builtWith: StoreOverride | null = null;

export function serviceDeps(): AdjustmentsDeps & ImportsDeps & ExportsDeps {
  const override = storeOverride();
  if (!built || builtWith !== override) {
    built = {
      ...adapters(),
      adjustments: override?.adjustments ?? new DynamoAdjustmentList(),
      imports: override?.imports ?? new DynamoImportStore(),
      exports: new DynamoExportSource(),
    };
    builtWith = override;
  }
  return built;
}
