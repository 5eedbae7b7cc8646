/**
 * Turns a stream of CSV records into a `LoadedTable`. The first rows are held back as a sample to decide
 * the header, the column kinds and roles; from then on every record goes straight into the typed-array
 * builders. One code path for in-memory text and for streamed files, so both give the same table.
 *
 * Example:
 *   const assembler = new TableAssembler({ source: 'iris.csv', format, options: { target: 'target' }, estimateRows: () => 150 })
 *   assembler.addBatch(splitter.push(text))
 *   assembler.addBatch(splitter.end())
 *   const table = assembler.finish()
 */

import { LearnwareError } from '../errors'
import { isMissingCell } from './cellValues'
import { columnNames, planColumns, type ColumnPlan } from './columnRoles'
import { inferColumnKinds } from './columnTypes'
import { lineOfRecord, type RecordBatch } from './csvRecords'
import { FeatureMatrixBuilder, type FeatureMatrix } from './matrixBuilder'
import { RowReservoir } from './reservoir'
import { sniffHeader } from './sniff'
import { TABLE_ENCODING_FORMAT, type TableEncoding } from './tableEncoding'
import { columnNotes } from './tableNotes'
import { TargetBuilder } from './targetBuilder'
import type { ColumnInfo, LoadedTable, TableFormat, TableParseOptions, TargetColumn } from './types'

export const DEFAULT_TYPING_ROWS = 5000

export interface AssemblerSettings {
  source: string
  /** Everything but the header, which the assembler decides. */
  format: Omit<TableFormat, 'hasHeader' | 'detected'> & { detected: Omit<TableFormat['detected'], 'hasHeader'> }
  options: TableParseOptions
  /** Best guess of the number of data rows, asked once when the sample is full (sizes the matrix). */
  estimateRows: () => number
}

interface Building {
  hasHeader: boolean
  plan: ColumnPlan
  matrix: FeatureMatrixBuilder
  target?: TargetBuilder
  reservoir?: RowReservoir
  /** Columns that are neither feature nor target, and their missing counts. */
  otherColumns: Int32Array
  otherMissing: Float64Array
}

export class TableAssembler {
  private fieldsPerRecord = -1
  private sample: string[][] = []
  private building?: Building
  private totalRows = 0
  private blankLines = 0
  private pendingBlankRecords = 0
  private readonly notes: string[] = []
  private readonly typingRows: number

  constructor(private readonly settings: AssemblerSettings) {
    this.typingRows = Math.max(1, Math.floor(settings.options.typingRows ?? DEFAULT_TYPING_ROWS))
  }

  addBatch(batch: RecordBatch): void {
    const records = batch.records
    for (let i = 0; i < records.length; i++) {
      const record = records[i]
      if (record.length === 1 && record[0].trim() === '') {
        this.onBlankRecord()
        continue
      }
      if (record.length !== this.fieldsPerRecord) {
        if (this.fieldsPerRecord >= 0) throw this.raggedRow(batch, i)
        this.fieldsPerRecord = record.length
      }
      if (this.pendingBlankRecords > 0) this.flushBlankRecords()
      this.accept(record)
    }
  }

  finish(): LoadedTable {
    const { source, options } = this.settings
    if (this.fieldsPerRecord < 0) throw new LearnwareError('DATA_EMPTY', `${source} is empty`, { hint: 'The file holds no rows.' })
    if (!this.building) this.startBuilding()
    const b = this.building!
    const rowsKept = b.reservoir ? b.reservoir.filledSlots : this.totalRows
    const sampled = b.reservoir !== undefined && this.totalRows > b.reservoir.capacity
    const slotOrder = sampled ? b.reservoir!.slotsInFileOrder() : undefined
    const features = b.matrix.finish(rowsKept, slotOrder)
    const stored = options.tableEncoding?.target
    const target = b.target?.finish(rowsKept, slotOrder, b.plan.kinds[b.plan.targetColumn], options.targetTask ?? stored?.task, stored?.classes)
    if (this.blankLines > 0) this.notes.push(`Skipped ${this.blankLines} blank line${this.blankLines > 1 ? 's' : ''}.`)
    if (sampled) this.notes.push(`Kept ${rowsKept} of ${this.totalRows} rows, chosen at random (seed ${options.seed ?? 0}).`)
    const columns = this.describeColumns(b, features, target)
    const { featureColumns, names } = b.plan
    return {
      source,
      format: { ...this.settings.format, hasHeader: b.hasHeader, detected: { ...this.settings.format.detected, hasHeader: options.hasHeader === undefined } },
      columns,
      featureNames: featureColumns.map((c) => names[c]),
      featuresPerRow: featureColumns.length,
      matrix: features.matrix,
      totalRows: this.totalRows,
      rowsKept,
      sampled,
      ...(slotOrder ? { keptRowIndices: Uint32Array.from(slotOrder, (slot) => b.reservoir!.rowOfSlot[slot]) } : {}),
      ...(target ? { target: withoutCount(target) } : {}),
      encoding: options.tableEncoding ?? buildEncoding(b.plan, features, target),
      notes: this.notes
    }
  }

  private accept(record: string[]): void {
    if (this.building) this.addDataRecord(record)
    else {
      this.sample.push(record)
      if (this.sample.length > this.typingRows) this.startBuilding()
    }
  }

  /**
   * Blank lines are skipped — except inside a one-column file, where a blank line is a missing value.
   * Blank lines at the very end are dropped silently in both cases (editors add them).
   */
  private onBlankRecord(): void {
    if (this.fieldsPerRecord >= 1) this.pendingBlankRecords++
  }

  private flushBlankRecords(): void {
    if (this.fieldsPerRecord > 1) {
      this.blankLines += this.pendingBlankRecords
      this.pendingBlankRecords = 0
    }
    for (; this.pendingBlankRecords > 0; this.pendingBlankRecords--) this.accept([''])
  }

  private startBuilding(): void {
    const { source, options } = this.settings
    const [first, ...rest] = this.sample
    const hasHeader = options.hasHeader ?? sniffHeader(first, rest)
    const body = hasHeader ? rest : this.sample
    const names = columnNames(hasHeader ? first : undefined, this.fieldsPerRecord, this.notes)
    if (body.length === 0) {
      throw new LearnwareError('DATA_HEADER_ONLY', `${source} has a header row but no data rows`, {
        hint: 'If the first row is data, say the file has no header (hasHeader: false).'
      })
    }
    const plan = planColumns(source, names, inferColumnKinds(body.slice(0, this.typingRows), names.length), options)
    const estimated = Math.max(body.length, this.settings.estimateRows())
    const initialRows = options.maxRows === undefined ? estimated : Math.min(options.maxRows, estimated)
    const fixed = new Map(options.tableEncoding?.features.map((f) => [f.name, f.categories]))
    const others = plan.names.map((_, c) => c).filter((c) => plan.roles[c] === 'ignored')
    this.building = {
      hasHeader,
      plan,
      matrix: new FeatureMatrixBuilder(
        plan.featureColumns.map((c) => ({ column: c, kind: plan.kinds[c] as 'numeric' | 'categorical', categories: fixed.get(names[c]) })),
        initialRows
      ),
      target: plan.targetColumn >= 0 ? new TargetBuilder(names[plan.targetColumn], initialRows) : undefined,
      reservoir: options.maxRows === undefined ? undefined : new RowReservoir(Math.max(1, Math.floor(options.maxRows)), options.seed ?? 0),
      otherColumns: Int32Array.from(others),
      otherMissing: new Float64Array(others.length)
    }
    this.sample = []
    for (const record of body) this.addDataRecord(record)
  }

  private addDataRecord(record: readonly string[]): void {
    const b = this.building!
    const row = this.totalRows++
    const slot = b.reservoir ? b.reservoir.slotFor(row) : row
    b.matrix.add(record, slot, row)
    b.target?.add(record[b.plan.targetColumn], slot)
    const others = b.otherColumns
    for (let i = 0; i < others.length; i++) if (isMissingCell(record[others[i]])) b.otherMissing[i]++
  }

  private describeColumns(b: Building, features: FeatureMatrix, target: (TargetColumn & { unreadable: number }) | undefined): ColumnInfo[] {
    const { plan } = b
    const columns: ColumnInfo[] = plan.names.map((name, index) => ({
      name,
      index,
      kind: plan.kinds[index],
      role: plan.roles[index],
      missingCount: 0,
      invalidCount: 0,
      ...(plan.notes[index] ? { note: plan.notes[index] } : {})
    }))
    b.otherColumns.forEach((c, i) => (columns[c].missingCount = b.otherMissing[i]))
    const unreadable = new Map<number, { dataRow: number; value: string }>()
    plan.featureColumns.forEach((c, f) => {
      const column = columns[c]
      column.missingCount = b.matrix.missing[f]
      column.invalidCount = b.matrix.unreadable[f]
      if (features.categories[f]) column.categories = features.categories[f]
      if (column.kind === 'numeric') column.mean = features.fills[f]
      const first = b.matrix.firstUnreadable[f]
      if (first) unreadable.set(c, first)
    })
    if (target) {
      const column = columns[plan.targetColumn]
      column.missingCount = target.missingCount
      column.invalidCount = target.unreadable
      if (target.classes) column.categories = target.classes
    }
    const withoutValues = features.withoutValues.map((f) => plan.featureColumns[f])
    this.notes.push(...columnNotes(columns, { unreadable, withoutValues }, { totalRows: this.totalRows, typingRows: this.typingRows }))
    return columns
  }

  private raggedRow(batch: RecordBatch, index: number): LearnwareError {
    const fields = batch.records[index].length
    const expected = this.fieldsPerRecord
    const line = lineOfRecord(batch, index)
    return new LearnwareError('DATA_RAGGED_ROW', `${this.settings.source}: line ${line} has ${fields} field${fields === 1 ? '' : 's'}, expected ${expected}`, {
      hint: `Every row needs as many fields as the first (delimiter "${printable(this.settings.format.delimiter)}"); quote values that contain it.`
    })
  }
}

function buildEncoding(plan: ColumnPlan, features: FeatureMatrix, target: TargetColumn | undefined): TableEncoding {
  return {
    format: TABLE_ENCODING_FORMAT,
    version: 1,
    features: plan.featureColumns.map((c, f) => {
      const kind = plan.kinds[c] as 'numeric' | 'categorical'
      return kind === 'categorical'
        ? { name: plan.names[c], kind, categories: features.categories[f]!, fill: features.fills[f] }
        : { name: plan.names[c], kind, fill: features.fills[f] }
    }),
    ...(target ? { target: { name: target.name, task: target.task, ...(target.classes ? { classes: target.classes } : {}) } } : {})
  }
}

function withoutCount(target: TargetColumn & { unreadable: number }): TargetColumn {
  const { unreadable: _unreadable, ...column } = target
  return column
}

function printable(delimiter: string): string {
  return delimiter === '\t' ? '\\t' : delimiter
}
