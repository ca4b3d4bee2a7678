import type { Request, Response } from 'express'
import { z } from 'zod'
import { exportFormatNames, exportFormats, type ExportFormat } from '../present/export/formats.ts'
import { HttpError } from './http-error.ts'
import { validated } from './validate.ts'

/** What a route that offers downloads may answer: the result as JSON, or as one of the export formats. */
export type Representation = ExportFormat | 'json'

const jsonType = 'application/json'
const representations: readonly Representation[] = ['json', ...exportFormatNames]
const mediaTypeOf = (representation: Representation) => (representation === 'json' ? jsonType : exportFormats[representation].mediaType)
const allowedTypes = representations.map(mediaTypeOf)

const formatQuery = z.object({
  format: z.enum(representations, { error: `must be ${representations.join(', ')}` }).optional(),
})

/**
 * The representation a request asks for: `?format=` when given (a link or a form cannot set headers), else the
 * Accept header, JSON first (no Accept, or * / *, is JSON). A format no route here writes is a 400 for ?format= and a
 * 406 for Accept, each naming what is allowed.
 */
export function requestedRepresentation(request: Request): Representation {
  const { format } = validated(formatQuery, request.query, 'format')
  if (format) return format
  const accepted = request.accepts(allowedTypes)
  if (accepted === false) {
    throw new HttpError(
      406,
      `Cannot answer with ${request.header('accept')}: ask for ${allowedTypes.join(', ')} in Accept, or add ?format=${representations.join('|')}.`,
      { allowed: allowedTypes },
    )
  }
  return representations[(allowedTypes as readonly string[]).indexOf(accepted)]!
}

/**
 * Sends an exported table as a file to save (Content-Disposition: attachment with its name), with how many rows it
 * holds of how many the query produced: the executor caps rows, and a CSV cannot say so itself.
 */
export function sendDownload(
  response: Response,
  format: ExportFormat,
  file: { body: Buffer; fileName: string },
  rows: { rowCount: number; totalRows: number },
): void {
  // Quoted as written: export file names are the tool's snake_case name and a date, nothing to escape.
  response.setHeader('content-disposition', `attachment; filename="${file.fileName}"`)
  response.setHeader('content-type', format === 'csv' ? `${exportFormats.csv.mediaType}; charset=utf-8` : exportFormats[format].mediaType)
  response.setHeader('cache-control', 'no-store')
  response.setHeader('x-row-count', String(rows.rowCount))
  response.setHeader('x-total-rows', String(rows.totalRows))
  response.send(file.body)
}
