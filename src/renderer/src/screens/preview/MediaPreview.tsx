/**
 * The Preview screen's parts for labelled images and texts: what the preview needs besides the table case
 * (the texts' label column; new names for the images' classes, which an IDX file only has as codes), and,
 * with a result, how the data reached the learnwares and which chosen learnwares were left out and why.
 * The Export screen shows the same fields (the export is fitted on the same labelled data).
 */
import type { MediaReuseView } from '../../../../shared/api'
import { Field } from '../../components/Field'
import { Note } from '../../components/ErrorNote'
import { plural } from '../../format/numbers'
import { useMediaStore } from '../../stores/mediaStore'
import { usePreviewStore } from '../../stores/previewStore'

export function MediaDataFields({ kind }: { kind: 'images' | 'texts' }): React.JSX.Element | null {
  const { labelColumn, classNames, setLabelColumn, setClassNames } = usePreviewStore()
  const imageSet = useMediaStore((s) => s.imageSet)
  const textSet = useMediaStore((s) => s.textSet)
  if (kind === 'texts') {
    if (!textSet) return null
    const columns = textSet.textColumns.filter((c) => c !== textSet.column)
    return (
      <Field label="Label column (the class of each text)" help={`A column of ${textSet.fileName} besides “${textSet.column}”, the texts.`}>
        {(id) => (
          <>
            <input id={id} type="text" list={`${id}-columns`} value={labelColumn} onChange={(e) => setLabelColumn(e.target.value.trim())} placeholder={columns[0] ?? 'e.g. genre'} style={{ maxWidth: 320 }} />
            <datalist id={`${id}-columns`}>{columns.map((c) => <option key={c} value={c} />)}</datalist>
          </>
        )}
      </Field>
    )
  }
  const classes = imageSet?.classes?.map((c) => c.name) ?? []
  if (classes.length === 0) return null
  return (
    <Field
      label="Class names (optional)"
      help={`One name per class, comma-separated, in this order: ${classes.join(', ')}. The learnwares' classes are matched by name, so name an IDX file's codes as the learnwares call them.`}
    >
      {(id) => <input id={id} type="text" value={classNames} onChange={(e) => setClassNames(e.target.value)} placeholder={classes.join(', ')} style={{ maxWidth: 480 }} />}
    </Field>
  )
}

export function MediaNotes({ media }: { media: MediaReuseView }): React.JSX.Element {
  return (
    <section className="panel" aria-label="How your data were scored">
      <Note kind="info">
        <span>
          Scored on {media.inputNote}. An exported bundle takes raw {media.kind} and prepares them the same way.
        </span>
      </Note>
      {media.skipped.length ? (
        <div className="stack tight" role="region" aria-label="Learnwares left out">
          <p className="small">{plural(media.skipped.length, 'chosen learnware')} left out:</p>
          <ul className="small">
            {/* Each reason names its learnware (id and name). */}
            {media.skipped.map((item) => <li key={item.id}>{item.reason}</li>)}
          </ul>
        </div>
      ) : null}
    </section>
  )
}
