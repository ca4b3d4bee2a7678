import type { ExportTable } from './export-table.ts'
import { sheetCell, type SheetCell } from './spreadsheet-cell.ts'

// Excel's limit on a column's width, in characters; wider text wraps in the cell instead.
const widestColumn = 60

function width(cells: readonly SheetCell[]): number {
  const longest = Math.max(...cells.map((cell) => (cell === null ? 0 : String(cell).length)))
  return Math.min(widestColumn, Math.max(8, longest + 2))
}

/**
 * A table as an Excel workbook: the sheet "Data" with the labelled columns (numbers as numbers, the heading row
 * bold and frozen) and the sheet "About" with the title, window, arguments and assumptions. ExcelJS is loaded on
 * first use: it is large, and most commands never write a workbook.
 */
export async function toXlsx(table: ExportTable): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'luxx-analyst'
  workbook.title = table.title
  const data = workbook.addWorksheet('Data', { views: [{ state: 'frozen', ySplit: 1 }] })
  const headings = table.columns.map((column) => sheetCell(column.label))
  const body = table.rows.map((row) => table.columns.map((column) => sheetCell(row[column.key])))
  data.addRow(headings).font = { bold: true }
  for (const cells of body) data.addRow(cells)
  table.columns.forEach((_column, index) => {
    data.getColumn(index + 1).width = width([headings[index]!, ...body.map((cells) => cells[index]!)])
  })
  const about = workbook.addWorksheet('About')
  for (const [label, value] of table.about) about.addRow([sheetCell(label), sheetCell(value)])
  about.getColumn(1).font = { bold: true }
  about.getColumn(1).width = 16
  about.getColumn(2).width = 100
  about.getColumn(2).alignment = { wrapText: true, vertical: 'top' }
  // ExcelJS types its result as its own Buffer interface; on Node it is a Node Buffer.
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
