/**
 * Mapping a learnware's classes to the user's by name: the normalisation rule on its own, and on real
 * packages — a dock package that names its classes only in Output.Description ("class 0" …), an iris
 * learnware whose classes are names while the user's are codes (unmappable: a clear error pointing to
 * FeatureAugment, which then works), and the same learnware for a user who spells the names differently.
 */

import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { readLearnwarePackage, writeLearnwarePackage } from '../../../src/engine/learnware'
import { createReuser, matchClassNames, type LabelledData, type ReuseLearnware } from '../../../src/engine/reuse'
import { stripCommonPrefix } from '../../../src/engine/reuse/labelMapping'
import { OnnxModelCache, sha256Hex } from '../../../src/engine/runtime'
import { fitSlice, tablePackageInput } from '../dock/dockFixtures'
import { IRIS_CLASSES, irisLearnware } from '../predict/trainedLearnware'
import { accuracy, dataOf, majorityBaseline, mapTarget, readCsvFixture, splitCsv, userTask, withEncoding } from './reuseFixtures'

describe('the name rule', () => {
  test.each([
    ['a common word prefix on one side', ['digit 3', 'digit 5', 'digit 9'], ['3', '5', '7'], [0, 1, -1]],
    ['a prefix glued to digits', ['class0', 'class1', 'class2'], ['2', '0', '1'], [1, 2, 0]],
    ['case, spaces and underscores', ['Iris Setosa', 'Iris_Versicolor'], ['iris-versicolor', 'iris setosa'], [1, 0]],
    ['prefixes on both sides', ['Iris-setosa', 'Iris-virginica'], ['species: virginica', 'species: setosa'], [1, 0]],
    ['numbers by value', ['1.0', '2.0'], ['2', '1'], [1, 0]],
    ['no letter prefix cut inside a word', ['cat', 'car'], ['t', 'r'], [-1, -1]],
    ['each user class claimed once', ['a', 'A'], ['a'], [0, -1]]
  ])('%s', (_, learnware, user, expected) => {
    expect(matchClassNames(learnware, user)).toEqual(expected)
  })

  test('a common prefix is stripped only at a word boundary or before digits', () => {
    expect(stripCommonPrefix(['class 1', 'class 2'])).toEqual(['1', '2'])
    expect(stripCommonPrefix(['type7', 'type12'])).toEqual(['7', '12'])
    expect(stripCommonPrefix(['versicolor', 'virginica'])).toEqual(['versicolor', 'virginica'])
    expect(stripCommonPrefix(['only'])).toEqual(['only'])
    expect(stripCommonPrefix(['Iris setosa', 'Iris versicolor'])).toEqual(['setosa', 'versicolor'])
  })
})

describe('on real packages', () => {
  const cache = new OnnxModelCache()
  afterAll(() => cache.dispose())

  async function dockWine(rowCount?: number): Promise<ReuseLearnware> {
    const slice = { dataset: 'wine' as const, firstRow: 0, rowCount }
    const zip = writeLearnwarePackage(await tablePackageInput(slice))
    return { id: 'lwd-wine', name: 'Wine', license: 'MIT', packageSha256: sha256Hex(zip), pkg: await readLearnwarePackage(zip), spec: (await fitSlice(slice)).spec }
  }

  test('"class 0" … in Output.Description map to the user\'s classes 0, 1, 2', async () => {
    const user = userTask(readCsvFixture('wine'), 'classification', cache)
    const reuser = createReuser('averaging', [await dockWine()], user.context)
    const mapping = reuser.summary().members[0].labelMapping!
    expect(mapping).toMatchObject({ learnwareClasses: ['class 0', 'class 1', 'class 2'], classMap: [0, 1, 2], by: 'name', unmapped: [], uncovered: [] })
    expect(reuser.toPlan().members[0].classMap).toEqual([0, 1, 2])
    expect(accuracy((await reuser.predict(user.data)).labels!, user.data.labels!)).toBeGreaterThan(0.8)
  })

  test('a learnware that knows fewer classes than the user maps what it knows and reports the rest', async () => {
    const user = userTask(readCsvFixture('wine'), 'classification', cache)
    const reuser = createReuser('averaging', [await dockWine(120)], user.context) // the first 120 rows are cultivars 0 and 1
    expect(reuser.summary().members[0].labelMapping).toMatchObject({ classMap: [0, 1], unmapped: [], uncovered: ['2'] })
  })

  describe('an iris learnware whose classes are names', () => {
    let iris: ReuseLearnware
    let labelled: ReturnType<typeof userTask>
    let test_: LabelledData
    beforeAll(async () => {
      const trained = await irisLearnware()
      iris = { id: 'lw-iris', name: 'Iris species', license: 'MIT', packageSha256: 'test', pkg: trained.pkg, spec: null }
      const { train, heldOut } = splitCsv(trained.heldOut, 0.5, 1)
      labelled = userTask(train, 'classification', cache)
      test_ = dataOf(withEncoding(heldOut, labelled.table))
    })

    test('cannot vote for a user who codes the classes 0, 1, 2: the error names both sides and suggests FeatureAugment', () => {
      for (const method of ['single', 'averaging', 'job-selector', 'ensemble-pruning'] as const) {
        expect(() => createReuser(method, [iris], labelled.context)).toThrow(expect.objectContaining({
          code: 'REUSE_LABEL_MISMATCH',
          message: expect.stringMatching(/"setosa".*"0", "1", "2"/),
          hint: expect.stringContaining('FeatureAugment')
        }))
      }
    })

    test('still helps through FeatureAugment, which learns from its raw probabilities', async () => {
      const reuser = createReuser('feature-augment', [iris], labelled.context)
      await reuser.fit!(labelled.data)
      const score = accuracy((await reuser.predict(test_)).labels!, test_.labels!)
      expect(score).toBeGreaterThan(majorityBaseline(labelled.data.labels!, test_.labels!) + 0.3)
      expect(reuser.summary().members[0].labelMapping).toBeUndefined()
    })

    test('maps to a user who spells the classes "Iris-setosa" …, in another order', async () => {
      const trained = await irisLearnware()
      const spelled = ['Iris-virginica', 'Iris-setosa', 'Iris-versicolor']
      const renamed = mapTarget(trained.heldOut, (code) => `Iris-${IRIS_CLASSES[Number(code)]}`)
      const user = userTask(renamed, 'classification', cache)
      expect(user.context.classNames).toEqual([...spelled].sort())
      const reuser = createReuser('single', [iris], user.context)
      expect(reuser.summary().members[0].labelMapping!.classMap).toEqual([0, 1, 2].map((c) => user.context.classNames!.indexOf(`Iris-${IRIS_CLASSES[c]}`)))
      expect(accuracy((await reuser.predict(user.data)).labels!, user.data.labels!)).toBeGreaterThan(0.9)
    })
  })
})
