;; The NNGP (CNN-GP) kernel of one image pair in WebAssembly SIMD (f64x2), bit-identical to nngpPairExact
;; in spec/image/nngpPair.ts — the same formulas, polynomials and operation order, two pixels per
;; instruction. One image spec distance is ~2,500 such pairs of 1,344 arc-cosine ReLUs each.
;;
;; Memory is imported (spec/image/nngpWasm.ts owns it). Bytes 0 … 65535 are this module's scratch: the
;; zero-bordered input maps of the three blocks (34², 18², 10² f64), one block's activations (32² f64), the
;; vertical 3-sums (34 × 32 f64), the polynomial coefficients by lane pattern (4 × 256 bytes), one block's
;; xy, c and polynomial values (32² f64 each) and the list of pixel pairs for the full ReLU formula (512 i32).
;; An image record, from its first byte, holds float64 values:
;;   pixels (channels × 1024) | √xx of blocks 1–3 (1024, 256, 64) | 1/√xx of blocks 1–3 (1024, 256, 64)
;;
;; Build: `npm run build:wasm` writes spec/image/nngpKernelWasm.ts; a test checks it matches this file.

(module
  (import "env" "memory" (memory 1))

  (global $PAD32 i32 (i32.const 0))
  (global $PAD16 i32 (i32.const 9248))
  (global $PAD8 i32 (i32.const 11840))
  (global $ACT i32 (i32.const 12640))
  (global $COLUMNS i32 (i32.const 20832))
  (global $COEFFS i32 (i32.const 29536))
  (global $XY i32 (i32.const 30560))
  (global $CROSS i32 (i32.const 38752))
  (global $POLY i32 (i32.const 46944))
  (global $LIST i32 (i32.const 55136))
  ;; (the hot loops write ACT, COLUMNS, XY, CROSS and POLY as offset=… immediates of these values)

  ;; E's and H's coefficients (nngpPair.ts arcCosineE / arcCosineH, constant term first) by lane pattern.
  (func $store_coefficients
    ;; pattern 0: lane 0 H, lane 1 H
    (v128.store offset=0 (global.get $COEFFS) (v128.const f64x2 2.6666666666666665 2.6666666666666665))
    (v128.store offset=16 (global.get $COEFFS) (v128.const f64x2 0.26666666666672806 0.26666666666672806))
    (v128.store offset=32 (global.get $COEFFS) (v128.const f64x2 0.08571428570262438 0.08571428570262438))
    (v128.store offset=48 (global.get $COEFFS) (v128.const f64x2 0.03968254054727986 0.03968254054727986))
    (v128.store offset=64 (global.get $COEFFS) (v128.const f64x2 0.022095926591805978 0.022095926591805978))
    (v128.store offset=80 (global.get $COEFFS) (v128.const f64x2 0.013768222303426255 0.013768222303426255))
    (v128.store offset=96 (global.get $COEFFS) (v128.const f64x2 0.009244359247478703 0.009244359247478703))
    (v128.store offset=112 (global.get $COEFFS) (v128.const f64x2 0.006668007159892375 0.006668007159892375))
    (v128.store offset=128 (global.get $COEFFS) (v128.const f64x2 0.004279310461599025 0.004279310461599025))
    (v128.store offset=144 (global.get $COEFFS) (v128.const f64x2 0.006011138119383866 0.006011138119383866))
    (v128.store offset=160 (global.get $COEFFS) (v128.const f64x2 -0.0025388925418723626 -0.0025388925418723626))
    (v128.store offset=176 (global.get $COEFFS) (v128.const f64x2 0.00900713069799123 0.00900713069799123))
    ;; pattern 1: lane 0 E, lane 1 H
    (v128.store offset=256 (global.get $COEFFS) (v128.const f64x2 1 2.6666666666666665))
    (v128.store offset=272 (global.get $COEFFS) (v128.const f64x2 0.5000000000000095 0.26666666666672806))
    (v128.store offset=288 (global.get $COEFFS) (v128.const f64x2 0.041666666664851706 0.08571428570262438))
    (v128.store offset=304 (global.get $COEFFS) (v128.const f64x2 0.012500000134601534 0.03968254054727986))
    (v128.store offset=320 (global.get $COEFFS) (v128.const f64x2 0.005580352004755694 0.022095926591805978))
    (v128.store offset=336 (global.get $COEFFS) (v128.const f64x2 0.0030383096409810147 0.013768222303426255))
    (v128.store offset=352 (global.get $COEFFS) (v128.const f64x2 0.001862719083762993 0.009244359247478703))
    (v128.store offset=368 (global.get $COEFFS) (v128.const f64x2 0.0012544925132657696 0.006668007159892375))
    (v128.store offset=384 (global.get $COEFFS) (v128.const f64x2 0.0007816435696105663 0.004279310461599025))
    (v128.store offset=400 (global.get $COEFFS) (v128.const f64x2 0.0009995711979321447 0.006011138119383866))
    (v128.store offset=416 (global.get $COEFFS) (v128.const f64x2 -0.0003650433875102905 -0.0025388925418723626))
    (v128.store offset=432 (global.get $COEFFS) (v128.const f64x2 0.0014270730562764029 0.00900713069799123))
    ;; pattern 2: lane 0 H, lane 1 E
    (v128.store offset=512 (global.get $COEFFS) (v128.const f64x2 2.6666666666666665 1))
    (v128.store offset=528 (global.get $COEFFS) (v128.const f64x2 0.26666666666672806 0.5000000000000095))
    (v128.store offset=544 (global.get $COEFFS) (v128.const f64x2 0.08571428570262438 0.041666666664851706))
    (v128.store offset=560 (global.get $COEFFS) (v128.const f64x2 0.03968254054727986 0.012500000134601534))
    (v128.store offset=576 (global.get $COEFFS) (v128.const f64x2 0.022095926591805978 0.005580352004755694))
    (v128.store offset=592 (global.get $COEFFS) (v128.const f64x2 0.013768222303426255 0.0030383096409810147))
    (v128.store offset=608 (global.get $COEFFS) (v128.const f64x2 0.009244359247478703 0.001862719083762993))
    (v128.store offset=624 (global.get $COEFFS) (v128.const f64x2 0.006668007159892375 0.0012544925132657696))
    (v128.store offset=640 (global.get $COEFFS) (v128.const f64x2 0.004279310461599025 0.0007816435696105663))
    (v128.store offset=656 (global.get $COEFFS) (v128.const f64x2 0.006011138119383866 0.0009995711979321447))
    (v128.store offset=672 (global.get $COEFFS) (v128.const f64x2 -0.0025388925418723626 -0.0003650433875102905))
    (v128.store offset=688 (global.get $COEFFS) (v128.const f64x2 0.00900713069799123 0.0014270730562764029))
    ;; pattern 3: lane 0 E, lane 1 E
    (v128.store offset=768 (global.get $COEFFS) (v128.const f64x2 1 1))
    (v128.store offset=784 (global.get $COEFFS) (v128.const f64x2 0.5000000000000095 0.5000000000000095))
    (v128.store offset=800 (global.get $COEFFS) (v128.const f64x2 0.041666666664851706 0.041666666664851706))
    (v128.store offset=816 (global.get $COEFFS) (v128.const f64x2 0.012500000134601534 0.012500000134601534))
    (v128.store offset=832 (global.get $COEFFS) (v128.const f64x2 0.005580352004755694 0.005580352004755694))
    (v128.store offset=848 (global.get $COEFFS) (v128.const f64x2 0.0030383096409810147 0.0030383096409810147))
    (v128.store offset=864 (global.get $COEFFS) (v128.const f64x2 0.001862719083762993 0.001862719083762993))
    (v128.store offset=880 (global.get $COEFFS) (v128.const f64x2 0.0012544925132657696 0.0012544925132657696))
    (v128.store offset=896 (global.get $COEFFS) (v128.const f64x2 0.0007816435696105663 0.0007816435696105663))
    (v128.store offset=912 (global.get $COEFFS) (v128.const f64x2 0.0009995711979321447 0.0009995711979321447))
    (v128.store offset=928 (global.get $COEFFS) (v128.const f64x2 -0.0003650433875102905 -0.0003650433875102905))
    (v128.store offset=944 (global.get $COEFFS) (v128.const f64x2 0.0014270730562764029 0.0014270730562764029)))
  (start $store_coefficients)

  ;; xy = mean_c a_c·b_c into the interior of the 34 × 34 input map.
  (func $cross_input (param $a i32) (param $b i32) (param $channels i32)
    (local $y i32) (local $x i32) (local $p i32) (local $c i32) (local $sum v128) (local $dst i32) (local $end i32)
    (if (i32.eq (local.get $channels) (i32.const 1))
      (then
        ;; one channel: row by row with running pointers, a row's 16 pixel pairs unrolled
        ;; ($dst is the padded row above; offset 280 = (34 + 1) · 8 reaches the row's first interior value)
        (local.set $dst (global.get $PAD32))
        (local.set $end (i32.add (local.get $a) (i32.const 8192)))
        (loop $rows
          (v128.store offset=280 (local.get $dst) (f64x2.mul (v128.load offset=0 (local.get $a)) (v128.load offset=0 (local.get $b))))
          (v128.store offset=296 (local.get $dst) (f64x2.mul (v128.load offset=16 (local.get $a)) (v128.load offset=16 (local.get $b))))
          (v128.store offset=312 (local.get $dst) (f64x2.mul (v128.load offset=32 (local.get $a)) (v128.load offset=32 (local.get $b))))
          (v128.store offset=328 (local.get $dst) (f64x2.mul (v128.load offset=48 (local.get $a)) (v128.load offset=48 (local.get $b))))
          (v128.store offset=344 (local.get $dst) (f64x2.mul (v128.load offset=64 (local.get $a)) (v128.load offset=64 (local.get $b))))
          (v128.store offset=360 (local.get $dst) (f64x2.mul (v128.load offset=80 (local.get $a)) (v128.load offset=80 (local.get $b))))
          (v128.store offset=376 (local.get $dst) (f64x2.mul (v128.load offset=96 (local.get $a)) (v128.load offset=96 (local.get $b))))
          (v128.store offset=392 (local.get $dst) (f64x2.mul (v128.load offset=112 (local.get $a)) (v128.load offset=112 (local.get $b))))
          (v128.store offset=408 (local.get $dst) (f64x2.mul (v128.load offset=128 (local.get $a)) (v128.load offset=128 (local.get $b))))
          (v128.store offset=424 (local.get $dst) (f64x2.mul (v128.load offset=144 (local.get $a)) (v128.load offset=144 (local.get $b))))
          (v128.store offset=440 (local.get $dst) (f64x2.mul (v128.load offset=160 (local.get $a)) (v128.load offset=160 (local.get $b))))
          (v128.store offset=456 (local.get $dst) (f64x2.mul (v128.load offset=176 (local.get $a)) (v128.load offset=176 (local.get $b))))
          (v128.store offset=472 (local.get $dst) (f64x2.mul (v128.load offset=192 (local.get $a)) (v128.load offset=192 (local.get $b))))
          (v128.store offset=488 (local.get $dst) (f64x2.mul (v128.load offset=208 (local.get $a)) (v128.load offset=208 (local.get $b))))
          (v128.store offset=504 (local.get $dst) (f64x2.mul (v128.load offset=224 (local.get $a)) (v128.load offset=224 (local.get $b))))
          (v128.store offset=520 (local.get $dst) (f64x2.mul (v128.load offset=240 (local.get $a)) (v128.load offset=240 (local.get $b))))
          (local.set $a (i32.add (local.get $a) (i32.const 256)))
          (local.set $b (i32.add (local.get $b) (i32.const 256)))
          (local.set $dst (i32.add (local.get $dst) (i32.const 272)))
          (br_if $rows (i32.lt_u (local.get $a) (local.get $end))))
        (return)))
    ;; several channels: their mean
    (loop $rows
      (local.set $x (i32.const 0))
      (loop $cols
        (local.set $p (i32.shl (i32.add (i32.mul (local.get $y) (i32.const 32)) (local.get $x)) (i32.const 3)))
        (local.set $sum (v128.const f64x2 0 0))
        (local.set $c (i32.const 0))
        (loop $channel
          (local.set $sum (f64x2.add (local.get $sum)
            (f64x2.mul (v128.load (i32.add (local.get $a) (local.get $p))) (v128.load (i32.add (local.get $b) (local.get $p))))))
          (local.set $p (i32.add (local.get $p) (i32.const 8192)))
          (local.set $c (i32.add (local.get $c) (i32.const 1)))
          (br_if $channel (i32.lt_u (local.get $c) (local.get $channels))))
        (local.set $sum (f64x2.div (local.get $sum) (f64x2.splat (f64.convert_i32_u (local.get $channels)))))
        (v128.store
          (i32.add (global.get $PAD32) (i32.shl (i32.add (i32.mul (i32.add (local.get $y) (i32.const 1)) (i32.const 34)) (i32.add (local.get $x) (i32.const 1))) (i32.const 3)))
          (local.get $sum))
        (local.set $x (i32.add (local.get $x) (i32.const 2)))
        (br_if $cols (i32.lt_u (local.get $x) (i32.const 32))))
      (local.set $y (i32.add (local.get $y) (i32.const 1)))
      (br_if $rows (i32.lt_u (local.get $y) (i32.const 32)))))

  ;; One block's conv (3 × 3 box sum · √2/9 + 0.1, by vertical then horizontal 3-sums) and arc-cosine ReLU
  ;; of the side × side map whose zero-bordered input is at $src, into ACT:
  ;;   c = xy/(√xx·√yy), J(c) = πc/2 + E(c²) for |c| < ½, πc + √z·z·H(z) for c ≥ ½, √z·z·H(z) for c ≤ −½
  ;;   (z = (1 − |c|)/2), relu = √xx·√yy·J(c)/2π; c ≥ 1 gives xy/2 and c ≤ −1 gives 0.
  ;; In passes with short dependency chains, so the CPU overlaps many pixels, and without data-dependent
  ;; branches: (1) xy and c of every pixel; (2) the polynomial of every pixel pair, its lanes' coefficients
  ;; (E's or H's) loaded from COEFFS by the lanes' sides of ½, and the ReLU as if |c| < ½, listing the pairs
  ;; where that is not so (about a quarter); (3) those pairs again with the full formula.
  (func $conv_relu (param $src i32) (param $side i32) (param $rootA i32) (param $rootB i32) (param $invA i32) (param $invB i32)
    (local $m i32) (local $y i32) (local $x i32) (local $at i32) (local $t i32) (local $end i32) (local $rowBytes i32)
    (local $pattern i32) (local $k i32) (local $listed i32) (local $above i32) (local $middle i32) (local $below i32)
    (local $xy v128) (local $c v128) (local $a v128) (local $z v128) (local $mid v128) (local $u v128) (local $u2 v128) (local $u4 v128)
    (local $p v128) (local $j v128) (local $act v128)
    ;; constants live in locals: V8 would rebuild every v128.const on every use
    (local $weight v128) (local $bias v128) (local $one v128) (local $half v128) (local $halfPi v128) (local $pi v128)
    (local $zero v128) (local $invTwoPi v128) (local $minusOne v128)
    (local.set $weight (v128.const f64x2 0.15713484026367724 0.15713484026367724))
    (local.set $bias (v128.const f64x2 0.1 0.1))
    (local.set $one (v128.const f64x2 1 1))
    (local.set $half (v128.const f64x2 0.5 0.5))
    (local.set $halfPi (v128.const f64x2 1.5707963267948966 1.5707963267948966))
    (local.set $pi (v128.const f64x2 3.141592653589793 3.141592653589793))
    (local.set $zero (v128.const f64x2 0 0))
    (local.set $invTwoPi (v128.const f64x2 0.15915494309189535 0.15915494309189535))
    (local.set $minusOne (v128.const f64x2 -1 -1))
    (local.set $m (i32.add (local.get $side) (i32.const 2)))
    ;; vertical 3-sums: the side × m block of sums is contiguous, as is its source, so one flat loop
    (local.set $end (i32.shl (i32.mul (local.get $side) (local.get $m)) (i32.const 3)))
    (local.set $rowBytes (i32.shl (local.get $m) (i32.const 3)))
    ;; (two vectors a step: every block has an even number of them)
    (local.set $at (i32.const 0))
    (local.set $above (local.get $src))
    (local.set $middle (i32.add (local.get $above) (local.get $rowBytes)))
    (local.set $below (i32.add (local.get $middle) (local.get $rowBytes)))
    (loop $colSums
      (v128.store offset=20832 (local.get $at)
        (f64x2.add (f64x2.add (v128.load (local.get $above)) (v128.load (local.get $middle))) (v128.load (local.get $below))))
      (v128.store offset=20848 (local.get $at)
        (f64x2.add (f64x2.add (v128.load offset=16 (local.get $above)) (v128.load offset=16 (local.get $middle))) (v128.load offset=16 (local.get $below))))
      (local.set $above (i32.add (local.get $above) (i32.const 32)))
      (local.set $middle (i32.add (local.get $middle) (i32.const 32)))
      (local.set $below (i32.add (local.get $below) (i32.const 32)))
      (local.set $at (i32.add (local.get $at) (i32.const 32)))
      (br_if $colSums (i32.lt_u (local.get $at) (local.get $end))))
    ;; (1) horizontal 3-sums → xy into XY, c into CROSS
    (local.set $at (global.get $COLUMNS))
    (loop $rows
      (local.set $x (i32.const 0))
      (loop $cols
        (local.set $xy
          (f64x2.add
            (f64x2.mul
              (f64x2.add (f64x2.add (v128.load (local.get $at)) (v128.load offset=8 (local.get $at))) (v128.load offset=16 (local.get $at)))
              (local.get $weight))
            (local.get $bias)))
          (v128.store offset=30560 (local.get $t) (local.get $xy))
          (v128.store offset=38752 (local.get $t)
          (f64x2.mul (f64x2.mul (local.get $xy) (v128.load (i32.add (local.get $invA) (local.get $t)))) (v128.load (i32.add (local.get $invB) (local.get $t)))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (local.set $t (i32.add (local.get $t) (i32.const 16)))
        (local.set $x (i32.add (local.get $x) (i32.const 2)))
        (br_if $cols (i32.lt_u (local.get $x) (local.get $side))))
      ;; the sums' rows are two wider than the map's
      (local.set $at (i32.add (local.get $at) (i32.const 16)))
      (local.set $y (i32.add (local.get $y) (i32.const 1)))
      (br_if $rows (i32.lt_u (local.get $y) (local.get $side))))
    ;; (2) E(c²) or H(z) per lane into POLY; the ReLU for |c| < ½ into ACT; other pairs listed in LIST
    (local.set $end (local.get $t))
    (local.set $t (i32.const 0))
    (local.set $listed (global.get $LIST))
    (loop $pairs
      (local.set $c (v128.load offset=38752 (local.get $t)))
      (local.set $a (f64x2.abs (local.get $c)))
      (local.set $z (f64x2.mul (f64x2.sub (local.get $one) (local.get $a)) (local.get $half)))
      (local.set $mid (f64x2.lt (local.get $a) (local.get $half)))
      (local.set $u (v128.bitselect (f64x2.mul (local.get $c) (local.get $c)) (local.get $z) (local.get $mid)))
      (local.set $u2 (f64x2.mul (local.get $u) (local.get $u)))
      (local.set $u4 (f64x2.mul (local.get $u2) (local.get $u2)))
      ;; pattern bit k set: lane k has |c| < ½ and takes E's coefficients (256 bytes per pattern from COEFFS)
      (local.set $pattern (i64x2.bitmask (local.get $mid)))
      (local.set $k (i32.shl (local.get $pattern) (i32.const 8)))
      (local.set $p
        (f64x2.add
          (f64x2.add
            (f64x2.add
              (f64x2.add (v128.load offset=29536 (local.get $k)) (f64x2.mul (v128.load offset=29552 (local.get $k)) (local.get $u)))
              (f64x2.mul (local.get $u2) (f64x2.add (v128.load offset=29568 (local.get $k)) (f64x2.mul (v128.load offset=29584 (local.get $k)) (local.get $u)))))
            (f64x2.mul (local.get $u4)
              (f64x2.add
                (f64x2.add (v128.load offset=29600 (local.get $k)) (f64x2.mul (v128.load offset=29616 (local.get $k)) (local.get $u)))
                (f64x2.mul (local.get $u2) (f64x2.add (v128.load offset=29632 (local.get $k)) (f64x2.mul (v128.load offset=29648 (local.get $k)) (local.get $u)))))))
          (f64x2.mul (f64x2.mul (local.get $u4) (local.get $u4))
            (f64x2.add
              (f64x2.add (v128.load offset=29664 (local.get $k)) (f64x2.mul (v128.load offset=29680 (local.get $k)) (local.get $u)))
              (f64x2.mul (local.get $u2) (f64x2.add (v128.load offset=29696 (local.get $k)) (f64x2.mul (v128.load offset=29712 (local.get $k)) (local.get $u))))))))
      (v128.store offset=46944 (local.get $t) (local.get $p))
      (v128.store offset=12640 (local.get $t)
        (f64x2.mul
          (f64x2.mul
            (f64x2.mul (v128.load (i32.add (local.get $rootA) (local.get $t))) (v128.load (i32.add (local.get $rootB) (local.get $t))))
            (f64x2.add (f64x2.mul (local.get $halfPi) (local.get $c)) (local.get $p)))
          (local.get $invTwoPi)))
      ;; list the pair unless both lanes have |c| < ½ (pattern 3)
      (i32.store (local.get $listed) (local.get $t))
      (local.set $listed (i32.add (local.get $listed) (i32.shl (i32.ne (local.get $pattern) (i32.const 3)) (i32.const 2))))
      (local.set $t (i32.add (local.get $t) (i32.const 16)))
      (br_if $pairs (i32.lt_u (local.get $t) (local.get $end))))
    ;; (3) the listed pairs: J = πc/2 + E where |c| < ½, max(πc, 0) + √z·z·H elsewhere; c ≥ 1 and c ≤ −1 as above
    (local.set $at (global.get $LIST))
    (block $done
      (loop $listedPairs
        (br_if $done (i32.ge_u (local.get $at) (local.get $listed)))
        (local.set $t (i32.load (local.get $at)))
        (local.set $xy (v128.load offset=30560 (local.get $t)))
        (local.set $c (v128.load offset=38752 (local.get $t)))
        (local.set $p (v128.load offset=46944 (local.get $t)))
        (local.set $a (f64x2.abs (local.get $c)))
        (local.set $z (f64x2.mul (f64x2.sub (local.get $one) (local.get $a)) (local.get $half)))
        (local.set $mid (f64x2.lt (local.get $a) (local.get $half)))
        (local.set $j
          (f64x2.add
            (v128.bitselect
              (f64x2.mul (local.get $halfPi) (local.get $c))
              (f64x2.pmax (f64x2.mul (local.get $pi) (local.get $c)) (local.get $zero))
              (local.get $mid))
            (v128.bitselect
              (local.get $p)
              (f64x2.mul (f64x2.mul (f64x2.sqrt (local.get $z)) (local.get $z)) (local.get $p))
              (local.get $mid))))
        (local.set $act
          (f64x2.mul
            (f64x2.mul (f64x2.mul (v128.load (i32.add (local.get $rootA) (local.get $t))) (v128.load (i32.add (local.get $rootB) (local.get $t)))) (local.get $j))
            (local.get $invTwoPi)))
        (local.set $act (v128.bitselect (f64x2.mul (local.get $half) (local.get $xy)) (local.get $act) (f64x2.ge (local.get $c) (local.get $one))))
        (local.set $act (v128.andnot (local.get $act) (f64x2.le (local.get $c) (local.get $minusOne))))
          (v128.store offset=12640 (local.get $t) (local.get $act))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (br $listedPairs))))

  ;; 2 × 2 mean pool of the side × side ACT map into the interior of the zero-bordered map at $dst.
  (func $pool (param $side i32) (param $dst i32)
    (local $half i32) (local $dm i32) (local $oy i32) (local $ox i32) (local $top i32) (local $bottom i32)
    (local $t0 v128) (local $t1 v128) (local $b0 v128) (local $b1 v128) (local $quarter v128)
    (local.set $quarter (v128.const f64x2 0.25 0.25))
    (local.set $half (i32.shr_u (local.get $side) (i32.const 1)))
    (local.set $dm (i32.add (local.get $half) (i32.const 2)))
    (loop $rows
      (local.set $ox (i32.const 0))
      (loop $cols
        (local.set $top (i32.add (global.get $ACT) (i32.shl (i32.add (i32.mul (i32.shl (local.get $oy) (i32.const 1)) (local.get $side)) (i32.shl (local.get $ox) (i32.const 1))) (i32.const 3))))
        (local.set $bottom (i32.add (local.get $top) (i32.shl (local.get $side) (i32.const 3))))
        (local.set $t0 (v128.load (local.get $top)))
        (local.set $t1 (v128.load offset=16 (local.get $top)))
        (local.set $b0 (v128.load (local.get $bottom)))
        (local.set $b1 (v128.load offset=16 (local.get $bottom)))
        (v128.store
          (i32.add (local.get $dst) (i32.shl (i32.add (i32.mul (i32.add (local.get $oy) (i32.const 1)) (local.get $dm)) (i32.add (local.get $ox) (i32.const 1))) (i32.const 3)))
          (f64x2.mul
            (local.get $quarter)
            (f64x2.add
              (f64x2.add
                (f64x2.add
                  (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t1))
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t1)))
                (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $b0) (local.get $b1)))
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $b0) (local.get $b1)))))
        (local.set $ox (i32.add (local.get $ox) (i32.const 2)))
        (br_if $cols (i32.lt_u (local.get $ox) (local.get $half))))
      (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
      (br_if $rows (i32.lt_u (local.get $oy) (local.get $half)))))

  ;; k(a, b) for the image records at $a and $b ('exact' arithmetic).
  (func (export "nngp_pair_exact") (param $a i32) (param $b i32) (param $channels i32) (result f64)
    (local $root0 i32) (local $root1 i32) (local $root2 i32) (local $inv0 i32) (local $inv1 i32) (local $inv2 i32)
    (local $t i32) (local $final f64)
    (local.set $root0 (i32.shl (local.get $channels) (i32.const 13)))
    (local.set $root1 (i32.add (local.get $root0) (i32.const 8192)))
    (local.set $root2 (i32.add (local.get $root1) (i32.const 2048)))
    (local.set $inv0 (i32.add (local.get $root2) (i32.const 512)))
    (local.set $inv1 (i32.add (local.get $inv0) (i32.const 8192)))
    (local.set $inv2 (i32.add (local.get $inv1) (i32.const 2048)))
    (call $cross_input (local.get $a) (local.get $b) (local.get $channels))
    (call $conv_relu (global.get $PAD32) (i32.const 32)
      (i32.add (local.get $a) (local.get $root0)) (i32.add (local.get $b) (local.get $root0))
      (i32.add (local.get $a) (local.get $inv0)) (i32.add (local.get $b) (local.get $inv0)))
    (call $pool (i32.const 32) (global.get $PAD16))
    (call $conv_relu (global.get $PAD16) (i32.const 16)
      (i32.add (local.get $a) (local.get $root1)) (i32.add (local.get $b) (local.get $root1))
      (i32.add (local.get $a) (local.get $inv1)) (i32.add (local.get $b) (local.get $inv1)))
    (call $pool (i32.const 16) (global.get $PAD8))
    (call $conv_relu (global.get $PAD8) (i32.const 8)
      (i32.add (local.get $a) (local.get $root2)) (i32.add (local.get $b) (local.get $root2))
      (i32.add (local.get $a) (local.get $inv2)) (i32.add (local.get $b) (local.get $inv2)))
    (loop $sum
      (local.set $final (f64.add (local.get $final) (f64.load (i32.add (global.get $ACT) (i32.shl (local.get $t) (i32.const 3))))))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br_if $sum (i32.lt_u (local.get $t) (i32.const 64))))
    (f64.mul (local.get $final) (f64.const 0.015625)))
)
