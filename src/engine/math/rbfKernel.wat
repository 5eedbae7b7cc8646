;; Gaussian-kernel inner loops in WebAssembly SIMD (f64x2), the hot part of table RKME fitting and of
;; search over thousands of learnwares. Scalar JavaScript reaches ~1.2 G multiply-adds per second on these
;; loops; two float64 lanes, a 4 × 4 register tile and a branch-free vector exp roughly triple that.
;;
;; Memory is imported (the JS side, math/rbfKernel.ts, owns the layout). Bytes 0 … 2047 are this module's
;; scratch (the exponents of up to 16 tiles); everything else is laid out by the caller:
;;   - data rows in PAIRS: pair p holds rows 2p and 2p+1 interleaved, feature f of both at p·d·16 + f·16,
;;     so one v128 load gives the same feature of two rows; their squared norms likewise (16 bytes a pair);
;;   - reduced-set points (z or u) row-major, K a multiple of 4, with their squared norms.
;; Padding rows and points carry a norm of +Infinity: their kernel value is exactly 0, so they add nothing.
;;
;; Build: `npm run build:wasm` (wabt) writes math/rbfKernelWasm.ts; a test checks it matches this file.

(module
  (import "env" "memory" (memory 1))

  ;; exp in place for $count vectors (two lanes each) at $at. Each lane holds a ≤ 0 (tiny positive rounding
  ;; allowed): a = n·ln2 + r with |r| ≤ ln2/2 (n rounded by adding 1.5·2^52, Cody–Waite split of ln2), exp(r) by
  ;; its Taylor polynomial to degree 11 (truncation < 7e-15 relative), times 2^n put straight into the exponent
  ;; bits. Below −708 the result is 0 (the true value is < 4e-308); NaN stays NaN (a spec with overflowing
  ;; coordinates must not look fine). The loop's iterations are independent, so
  ;; the processor overlaps their long multiply-add chains — why the tile writes arguments, not kernels.
  (func $exp_inplace (param $at i32) (param $count i32)
    (local $end i32) (local $a v128) (local $shifted v128) (local $n v128) (local $r v128) (local $p v128)
    ;; constants live in locals: V8 would otherwise rebuild every v128.const in every iteration
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128) (local $c4 v128) (local $c5 v128) (local $c6 v128) (local $c7 v128) (local $c8 v128) (local $c9 v128) (local $c10 v128) (local $c11 v128) (local $c12 v128) (local $c13 v128) (local $c14 v128) (local $c15 v128) (local $c16 v128)
    (local.set $c0 (v128.const f64x2 1.4426950408889634 1.4426950408889634))
    (local.set $c1 (v128.const f64x2 6755399441055744 6755399441055744))
    (local.set $c2 (v128.const f64x2 6.93147180369123816490e-01 6.93147180369123816490e-01))
    (local.set $c3 (v128.const f64x2 1.90821492927058770002e-10 1.90821492927058770002e-10))
    (local.set $c4 (v128.const f64x2 2.505210838544172e-08 2.505210838544172e-08))
    (local.set $c5 (v128.const f64x2 2.755731922398589e-07 2.755731922398589e-07))
    (local.set $c6 (v128.const f64x2 2.7557319223985893e-06 2.7557319223985893e-06))
    (local.set $c7 (v128.const f64x2 2.48015873015873e-05 2.48015873015873e-05))
    (local.set $c8 (v128.const f64x2 0.0001984126984126984 0.0001984126984126984))
    (local.set $c9 (v128.const f64x2 0.001388888888888889 0.001388888888888889))
    (local.set $c10 (v128.const f64x2 0.008333333333333333 0.008333333333333333))
    (local.set $c11 (v128.const f64x2 0.041666666666666664 0.041666666666666664))
    (local.set $c12 (v128.const f64x2 0.16666666666666666 0.16666666666666666))
    (local.set $c13 (v128.const f64x2 0.5 0.5))
    (local.set $c14 (v128.const f64x2 1.0 1.0))
    (local.set $c15 (v128.const i64x2 1023 1023))
    (local.set $c16 (v128.const f64x2 -708 -708))
    (local.set $end (i32.add (local.get $at) (i32.shl (local.get $count) (i32.const 4))))
    (block $done
      (loop $vectors
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $a (v128.load (local.get $at)))
        (local.set $shifted (f64x2.add (f64x2.mul (local.get $a) (local.get $c0))
          (local.get $c1)))
        (local.set $n (f64x2.sub (local.get $shifted) (local.get $c1)))
        (local.set $r
          (f64x2.sub
            (f64x2.sub (local.get $a) (f64x2.mul (local.get $n) (local.get $c2)))
            (f64x2.mul (local.get $n) (local.get $c3))))
        (local.set $p (local.get $c4))
        (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (local.get $c5)))
        (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (local.get $c6)))
        (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (local.get $c7)))
        (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (local.get $c8)))
        (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (local.get $c9)))
        (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (local.get $c10)))
        (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (local.get $c11)))
        (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (local.get $c12)))
        (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (local.get $c13)))
        (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (local.get $c14)))
        (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) (local.get $c14)))
        (v128.store (local.get $at)
          (v128.and
            (f64x2.mul (local.get $p) (i64x2.shl (i64x2.add (local.get $shifted) (local.get $c15)) (i32.const 52)))
            (v128.or (f64x2.ge (local.get $a) (local.get $c16)) (f64x2.ne (local.get $a) (local.get $a)))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $vectors))))

  ;; The 4 × 4 tile: points j = 0 … 3 (at $za, row stride $zRow bytes, norms at $znp) against the rows of
  ;; pairs $xa and $xb (norms at $xnp, both pairs). Writes the exponents ng·((‖z_j‖² − 2 z_j·x) + ‖x‖²)
  ;; (ng = −γ; distances formed as the reference forms them) to $dst + j·32 + q·16 for pair q.
  (func $tile_exponents (param $dst i32) (param $xa i32) (param $xb i32) (param $xnp i32) (param $za i32) (param $znp i32)
                        (param $d i32) (param $zRow i32) (param $g v128)
    (local $a00 v128) (local $a01 v128) (local $a10 v128) (local $a11 v128)
    (local $a20 v128) (local $a21 v128) (local $a30 v128) (local $a31 v128)
    (local $x0 v128) (local $x1 v128) (local $zv v128) (local $xn0 v128) (local $xn1 v128)
    (local $za1 i32) (local $za2 i32) (local $za3 i32) (local $fx i32) (local $fz i32) (local $end i32)
    (local.set $za1 (i32.add (local.get $za) (local.get $zRow)))
    (local.set $za2 (i32.add (local.get $za1) (local.get $zRow)))
    (local.set $za3 (i32.add (local.get $za2) (local.get $zRow)))
    (local.set $end (i32.shl (local.get $d) (i32.const 3)))
    (loop $features
      (local.set $x0 (v128.load (i32.add (local.get $xa) (local.get $fx))))
      (local.set $x1 (v128.load (i32.add (local.get $xb) (local.get $fx))))
      (local.set $zv (v128.load64_splat (i32.add (local.get $za) (local.get $fz))))
      (local.set $a00 (f64x2.add (local.get $a00) (f64x2.mul (local.get $zv) (local.get $x0))))
      (local.set $a01 (f64x2.add (local.get $a01) (f64x2.mul (local.get $zv) (local.get $x1))))
      (local.set $zv (v128.load64_splat (i32.add (local.get $za1) (local.get $fz))))
      (local.set $a10 (f64x2.add (local.get $a10) (f64x2.mul (local.get $zv) (local.get $x0))))
      (local.set $a11 (f64x2.add (local.get $a11) (f64x2.mul (local.get $zv) (local.get $x1))))
      (local.set $zv (v128.load64_splat (i32.add (local.get $za2) (local.get $fz))))
      (local.set $a20 (f64x2.add (local.get $a20) (f64x2.mul (local.get $zv) (local.get $x0))))
      (local.set $a21 (f64x2.add (local.get $a21) (f64x2.mul (local.get $zv) (local.get $x1))))
      (local.set $zv (v128.load64_splat (i32.add (local.get $za3) (local.get $fz))))
      (local.set $a30 (f64x2.add (local.get $a30) (f64x2.mul (local.get $zv) (local.get $x0))))
      (local.set $a31 (f64x2.add (local.get $a31) (f64x2.mul (local.get $zv) (local.get $x1))))
      (local.set $fx (i32.add (local.get $fx) (i32.const 16)))
      (local.set $fz (i32.add (local.get $fz) (i32.const 8)))
      (br_if $features (i32.lt_u (local.get $fz) (local.get $end))))
    (local.set $xn0 (v128.load (local.get $xnp)))
    (local.set $xn1 (v128.load offset=16 (local.get $xnp)))
    (local.set $zv (v128.load64_splat (local.get $znp)))
    (v128.store offset=0 (local.get $dst) (f64x2.mul (local.get $g) (f64x2.add (f64x2.sub (local.get $zv) (f64x2.add (local.get $a00) (local.get $a00))) (local.get $xn0))))
    (v128.store offset=16 (local.get $dst) (f64x2.mul (local.get $g) (f64x2.add (f64x2.sub (local.get $zv) (f64x2.add (local.get $a01) (local.get $a01))) (local.get $xn1))))
    (local.set $zv (v128.load64_splat offset=8 (local.get $znp)))
    (v128.store offset=32 (local.get $dst) (f64x2.mul (local.get $g) (f64x2.add (f64x2.sub (local.get $zv) (f64x2.add (local.get $a10) (local.get $a10))) (local.get $xn0))))
    (v128.store offset=48 (local.get $dst) (f64x2.mul (local.get $g) (f64x2.add (f64x2.sub (local.get $zv) (f64x2.add (local.get $a11) (local.get $a11))) (local.get $xn1))))
    (local.set $zv (v128.load64_splat offset=16 (local.get $znp)))
    (v128.store offset=64 (local.get $dst) (f64x2.mul (local.get $g) (f64x2.add (f64x2.sub (local.get $zv) (f64x2.add (local.get $a20) (local.get $a20))) (local.get $xn0))))
    (v128.store offset=80 (local.get $dst) (f64x2.mul (local.get $g) (f64x2.add (f64x2.sub (local.get $zv) (f64x2.add (local.get $a21) (local.get $a21))) (local.get $xn1))))
    (local.set $zv (v128.load64_splat offset=24 (local.get $znp)))
    (v128.store offset=96 (local.get $dst) (f64x2.mul (local.get $g) (f64x2.add (f64x2.sub (local.get $zv) (f64x2.add (local.get $a30) (local.get $a30))) (local.get $xn0))))
    (v128.store offset=112 (local.get $dst) (f64x2.mul (local.get $g) (f64x2.add (f64x2.sub (local.get $zv) (f64x2.add (local.get $a31) (local.get $a31))) (local.get $xn1)))))

  ;; RKME fit pass over pairs $p0 … $p1 − 1 (an even count): for every point i (K = $k, a multiple of 4)
  ;;   s2[i] += Σ k(z_i, x_n)            (two lane sums per point: lane 0 even rows, lane 1 odd rows)
  ;;   w2[i][f] += Σ k(z_i, x_n) x_n[f]  (when $withW ≠ 0; likewise two lanes per value)
  ;; Rows are visited in blocks of 32 pairs (16 tiles, whose kernels fill the 2 KB scratch) so a block stays
  ;; in L1 while all points sweep over it.
  (func (export "rbf_sums") (param $xp i32) (param $xn i32) (param $d i32) (param $p0 i32) (param $p1 i32)
                            (param $z i32) (param $zn i32) (param $k i32) (param $gamma f64)
                            (param $s2 i32) (param $w2 i32) (param $withW i32)
    (local $block i32) (local $blockEnd i32) (local $i i32) (local $p i32) (local $fx i32) (local $t i32)
    (local $pairBytes i32) (local $zRow i32) (local $g v128) (local $xa i32) (local $xb i32) (local $wa i32) (local $sa i32)
    (local $k00 v128) (local $k01 v128) (local $k10 v128) (local $k11 v128)
    (local $k20 v128) (local $k21 v128) (local $k30 v128) (local $k31 v128) (local $x0 v128) (local $x1 v128)
    (local.set $pairBytes (i32.shl (local.get $d) (i32.const 4)))
    (local.set $zRow (i32.shl (local.get $d) (i32.const 3)))
    (local.set $g (f64x2.splat (f64.neg (local.get $gamma))))
    (local.set $block (local.get $p0))
    (block $blocksDone
      (loop $blocks
        (br_if $blocksDone (i32.ge_u (local.get $block) (local.get $p1)))
        (local.set $blockEnd (select (i32.add (local.get $block) (i32.const 32)) (local.get $p1)
          (i32.lt_u (i32.add (local.get $block) (i32.const 32)) (local.get $p1))))
        (local.set $i (i32.const 0))
        (block $pointsDone
          (loop $points
            (br_if $pointsDone (i32.ge_u (local.get $i) (local.get $k)))
            ;; exponents of the block's tiles, then their exp in one sweep
            (local.set $t (i32.const 0))
            (local.set $p (local.get $block))
            (block $tilesDone
              (loop $tiles
                (br_if $tilesDone (i32.ge_u (local.get $p) (local.get $blockEnd)))
                (local.set $xa (i32.add (local.get $xp) (i32.mul (local.get $p) (local.get $pairBytes))))
                (call $tile_exponents (local.get $t) (local.get $xa) (i32.add (local.get $xa) (local.get $pairBytes))
                  (i32.add (local.get $xn) (i32.shl (local.get $p) (i32.const 4)))
                  (i32.add (local.get $z) (i32.mul (local.get $i) (local.get $zRow)))
                  (i32.add (local.get $zn) (i32.shl (local.get $i) (i32.const 3)))
                  (local.get $d) (local.get $zRow) (local.get $g))
                (local.set $t (i32.add (local.get $t) (i32.const 128)))
                (local.set $p (i32.add (local.get $p) (i32.const 2)))
                (br $tiles)))
            (call $exp_inplace (i32.const 0) (i32.shr_u (local.get $t) (i32.const 4)))
            ;; then the sums
            (local.set $sa (i32.add (local.get $s2) (i32.shl (local.get $i) (i32.const 4))))
            (local.set $wa (i32.add (local.get $w2) (i32.mul (local.get $i) (local.get $pairBytes))))
            (local.set $t (i32.const 0))
            (local.set $p (local.get $block))
            (block $pairsDone
              (loop $pairs
                (br_if $pairsDone (i32.ge_u (local.get $p) (local.get $blockEnd)))
                (local.set $xa (i32.add (local.get $xp) (i32.mul (local.get $p) (local.get $pairBytes))))
                (local.set $xb (i32.add (local.get $xa) (local.get $pairBytes)))
                (local.set $k00 (v128.load offset=0 (local.get $t)))
                (local.set $k01 (v128.load offset=16 (local.get $t)))
                (local.set $k10 (v128.load offset=32 (local.get $t)))
                (local.set $k11 (v128.load offset=48 (local.get $t)))
                (local.set $k20 (v128.load offset=64 (local.get $t)))
                (local.set $k21 (v128.load offset=80 (local.get $t)))
                (local.set $k30 (v128.load offset=96 (local.get $t)))
                (local.set $k31 (v128.load offset=112 (local.get $t)))
                (v128.store offset=0 (local.get $sa) (f64x2.add (v128.load offset=0 (local.get $sa)) (f64x2.add (local.get $k00) (local.get $k01))))
                (v128.store offset=16 (local.get $sa) (f64x2.add (v128.load offset=16 (local.get $sa)) (f64x2.add (local.get $k10) (local.get $k11))))
                (v128.store offset=32 (local.get $sa) (f64x2.add (v128.load offset=32 (local.get $sa)) (f64x2.add (local.get $k20) (local.get $k21))))
                (v128.store offset=48 (local.get $sa) (f64x2.add (v128.load offset=48 (local.get $sa)) (f64x2.add (local.get $k30) (local.get $k31))))
                (if (local.get $withW)
                  (then
                    (local.set $fx (i32.const 0))
                    (loop $features
                      (local.set $x0 (v128.load (i32.add (local.get $xa) (local.get $fx))))
                      (local.set $x1 (v128.load (i32.add (local.get $xb) (local.get $fx))))
                      (call $accumulate (i32.add (local.get $wa) (local.get $fx)) (local.get $k00) (local.get $k01) (local.get $x0) (local.get $x1))
                      (call $accumulate (i32.add (i32.add (local.get $wa) (local.get $pairBytes)) (local.get $fx)) (local.get $k10) (local.get $k11) (local.get $x0) (local.get $x1))
                      (call $accumulate (i32.add (i32.add (local.get $wa) (i32.shl (local.get $pairBytes) (i32.const 1))) (local.get $fx)) (local.get $k20) (local.get $k21) (local.get $x0) (local.get $x1))
                      (call $accumulate (i32.add (i32.add (local.get $wa) (i32.mul (local.get $pairBytes) (i32.const 3))) (local.get $fx)) (local.get $k30) (local.get $k31) (local.get $x0) (local.get $x1))
                      (local.set $fx (i32.add (local.get $fx) (i32.const 16)))
                      (br_if $features (i32.lt_u (local.get $fx) (local.get $pairBytes))))))
                (local.set $t (i32.add (local.get $t) (i32.const 128)))
                (local.set $p (i32.add (local.get $p) (i32.const 2)))
                (br $pairs)))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $points)))
        (local.set $block (local.get $blockEnd))
        (br $blocks))))

  ;; mem[$at] += ka·xa + kb·xb (one feature of one point, both lanes).
  (func $accumulate (param $at i32) (param $ka v128) (param $kb v128) (param $xa v128) (param $xb v128)
    (v128.store (local.get $at)
      (f64x2.add (v128.load (local.get $at))
        (f64x2.add (f64x2.mul (local.get $ka) (local.get $xa)) (f64x2.mul (local.get $kb) (local.get $xb))))))

  ;; Search pass over pairs $p0 … $p1 − 1 (an even count): out[n] = Σ_i wt_i k(u_i, x_n) for both rows of
  ;; every pair, u's K = $k a multiple of 4 (padding points have weight 0 and norm +Infinity). Points are
  ;; taken 64 at a time (16 tiles, the 2 KB scratch): exponents, one exp sweep, then the weighted sums.
  (func (export "weighted_rows") (param $xp i32) (param $xn i32) (param $d i32) (param $p0 i32) (param $p1 i32)
                                 (param $u i32) (param $un i32) (param $wt i32) (param $k i32) (param $gamma f64) (param $out i32)
    (local $i i32) (local $group i32) (local $groupEnd i32) (local $p i32) (local $t i32)
    (local $pairBytes i32) (local $zRow i32) (local $g v128) (local $xa i32)
    (local $o0 v128) (local $o1 v128) (local $wv v128) (local $wa i32)
    (local.set $pairBytes (i32.shl (local.get $d) (i32.const 4)))
    (local.set $zRow (i32.shl (local.get $d) (i32.const 3)))
    (local.set $g (f64x2.splat (f64.neg (local.get $gamma))))
    (local.set $p (local.get $p0))
    (block $pairsDone
      (loop $pairs
        (br_if $pairsDone (i32.ge_u (local.get $p) (local.get $p1)))
        (local.set $xa (i32.add (local.get $xp) (i32.mul (local.get $p) (local.get $pairBytes))))
        (local.set $o0 (v128.const f64x2 0 0))
        (local.set $o1 (v128.const f64x2 0 0))
        (local.set $group (i32.const 0))
        (block $groupsDone
          (loop $groups
            (br_if $groupsDone (i32.ge_u (local.get $group) (local.get $k)))
            (local.set $groupEnd (select (i32.add (local.get $group) (i32.const 64)) (local.get $k)
              (i32.lt_u (i32.add (local.get $group) (i32.const 64)) (local.get $k))))
            (local.set $t (i32.const 0))
            (local.set $i (local.get $group))
            (block $tilesDone
              (loop $tiles
                (br_if $tilesDone (i32.ge_u (local.get $i) (local.get $groupEnd)))
                (call $tile_exponents (local.get $t) (local.get $xa) (i32.add (local.get $xa) (local.get $pairBytes))
                  (i32.add (local.get $xn) (i32.shl (local.get $p) (i32.const 4)))
                  (i32.add (local.get $u) (i32.mul (local.get $i) (local.get $zRow)))
                  (i32.add (local.get $un) (i32.shl (local.get $i) (i32.const 3)))
                  (local.get $d) (local.get $zRow) (local.get $g))
                (local.set $t (i32.add (local.get $t) (i32.const 128)))
                (local.set $i (i32.add (local.get $i) (i32.const 4)))
                (br $tiles)))
            (call $exp_inplace (i32.const 0) (i32.shr_u (local.get $t) (i32.const 4)))
            (local.set $t (i32.const 0))
            (local.set $i (local.get $group))
            (block $sumsDone
              (loop $sums
                (br_if $sumsDone (i32.ge_u (local.get $i) (local.get $groupEnd)))
                (local.set $wa (i32.add (local.get $wt) (i32.shl (local.get $i) (i32.const 3))))
                (local.set $wv (v128.load64_splat offset=0 (local.get $wa)))
                (local.set $o0 (f64x2.add (local.get $o0) (f64x2.mul (local.get $wv) (v128.load offset=0 (local.get $t)))))
                (local.set $o1 (f64x2.add (local.get $o1) (f64x2.mul (local.get $wv) (v128.load offset=16 (local.get $t)))))
                (local.set $wv (v128.load64_splat offset=8 (local.get $wa)))
                (local.set $o0 (f64x2.add (local.get $o0) (f64x2.mul (local.get $wv) (v128.load offset=32 (local.get $t)))))
                (local.set $o1 (f64x2.add (local.get $o1) (f64x2.mul (local.get $wv) (v128.load offset=48 (local.get $t)))))
                (local.set $wv (v128.load64_splat offset=16 (local.get $wa)))
                (local.set $o0 (f64x2.add (local.get $o0) (f64x2.mul (local.get $wv) (v128.load offset=64 (local.get $t)))))
                (local.set $o1 (f64x2.add (local.get $o1) (f64x2.mul (local.get $wv) (v128.load offset=80 (local.get $t)))))
                (local.set $wv (v128.load64_splat offset=24 (local.get $wa)))
                (local.set $o0 (f64x2.add (local.get $o0) (f64x2.mul (local.get $wv) (v128.load offset=96 (local.get $t)))))
                (local.set $o1 (f64x2.add (local.get $o1) (f64x2.mul (local.get $wv) (v128.load offset=112 (local.get $t)))))
                (local.set $t (i32.add (local.get $t) (i32.const 128)))
                (local.set $i (i32.add (local.get $i) (i32.const 4)))
                (br $sums)))
            (local.set $group (local.get $groupEnd))
            (br $groups)))
        (v128.store (i32.add (local.get $out) (i32.shl (local.get $p) (i32.const 4))) (local.get $o0))
        (v128.store offset=16 (i32.add (local.get $out) (i32.shl (local.get $p) (i32.const 4))) (local.get $o1))
        (local.set $p (i32.add (local.get $p) (i32.const 2)))
        (br $pairs))))

  ;; k-means assignment over pairs $p0 … $p1 − 1 (an even count): for each row, the nearest of the K points
  ;; ($k a multiple of 4; padding points have norm +Infinity) by (‖c‖² − 2c·x) + ‖x‖², its index (as f64) to
  ;; $idx and that squared distance to $dist, 8 bytes a row. Ties go to the lower index.
  (func (export "nearest_points") (param $xp i32) (param $xn i32) (param $d i32) (param $p0 i32) (param $p1 i32)
                                  (param $c i32) (param $cn i32) (param $k i32) (param $idx i32) (param $dist i32)
    (local $i i32) (local $p i32) (local $pairBytes i32) (local $zRow i32) (local $xa i32) (local $j i32)
    (local $best0 v128) (local $best1 v128) (local $at0 v128) (local $at1 v128) (local $v v128) (local $m v128) (local $index v128)
    (local.set $pairBytes (i32.shl (local.get $d) (i32.const 4)))
    (local.set $zRow (i32.shl (local.get $d) (i32.const 3)))
    (local.set $p (local.get $p0))
    (block $pairsDone
      (loop $pairs
        (br_if $pairsDone (i32.ge_u (local.get $p) (local.get $p1)))
        (local.set $xa (i32.add (local.get $xp) (i32.mul (local.get $p) (local.get $pairBytes))))
        (local.set $best0 (v128.const f64x2 inf inf))
        (local.set $best1 (v128.const f64x2 inf inf))
        (local.set $at0 (v128.const f64x2 0 0))
        (local.set $at1 (v128.const f64x2 0 0))
        (local.set $i (i32.const 0))
        (block $pointsDone
          (loop $points
            (br_if $pointsDone (i32.ge_u (local.get $i) (local.get $k)))
            (call $tile_exponents (i32.const 0) (local.get $xa) (i32.add (local.get $xa) (local.get $pairBytes))
              (i32.add (local.get $xn) (i32.shl (local.get $p) (i32.const 4)))
              (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $zRow)))
              (i32.add (local.get $cn) (i32.shl (local.get $i) (i32.const 3)))
              (local.get $d) (local.get $zRow) (v128.const f64x2 1 1))
            (local.set $j (i32.const 0))
            (loop $candidates
              (local.set $index (f64x2.splat (f64.convert_i32_u (i32.add (local.get $i) (local.get $j)))))
              (local.set $v (v128.load offset=0 (i32.shl (local.get $j) (i32.const 5))))
              (local.set $m (f64x2.lt (local.get $v) (local.get $best0)))
              (local.set $best0 (v128.bitselect (local.get $v) (local.get $best0) (local.get $m)))
              (local.set $at0 (v128.bitselect (local.get $index) (local.get $at0) (local.get $m)))
              (local.set $v (v128.load offset=16 (i32.shl (local.get $j) (i32.const 5))))
              (local.set $m (f64x2.lt (local.get $v) (local.get $best1)))
              (local.set $best1 (v128.bitselect (local.get $v) (local.get $best1) (local.get $m)))
              (local.set $at1 (v128.bitselect (local.get $index) (local.get $at1) (local.get $m)))
              (local.set $j (i32.add (local.get $j) (i32.const 1)))
              (br_if $candidates (i32.lt_u (local.get $j) (i32.const 4))))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $points)))
        (v128.store (i32.add (local.get $dist) (i32.shl (local.get $p) (i32.const 4))) (local.get $best0))
        (v128.store offset=16 (i32.add (local.get $dist) (i32.shl (local.get $p) (i32.const 4))) (local.get $best1))
        (v128.store (i32.add (local.get $idx) (i32.shl (local.get $p) (i32.const 4))) (local.get $at0))
        (v128.store offset=16 (i32.add (local.get $idx) (i32.shl (local.get $p) (i32.const 4))) (local.get $at1))
        (local.set $p (i32.add (local.get $p) (i32.const 2)))
        (br $pairs))))
;; Squared distances Σ_f (x_n[f] − c[f])² of every row of pairs $p0 … $p1 − 1 to the one point at $c, to
  ;; $out (8 bytes a row): k-means++ seeding's step, formed from differences (no cancellation).
  (func (export "distances_to_point") (param $xp i32) (param $d i32) (param $p0 i32) (param $p1 i32) (param $c i32) (param $out i32)
    (local $p i32) (local $xa i32) (local $fx i32) (local $fz i32) (local $pairBytes i32) (local $sum v128) (local $diff v128)
    (local.set $pairBytes (i32.shl (local.get $d) (i32.const 4)))
    (local.set $p (local.get $p0))
    (block $pairsDone
      (loop $pairs
        (br_if $pairsDone (i32.ge_u (local.get $p) (local.get $p1)))
        (local.set $xa (i32.add (local.get $xp) (i32.mul (local.get $p) (local.get $pairBytes))))
        (local.set $sum (v128.const f64x2 0 0))
        (local.set $fx (i32.const 0))
        (local.set $fz (i32.const 0))
        (loop $features
          (local.set $diff (f64x2.sub (v128.load (i32.add (local.get $xa) (local.get $fx))) (v128.load64_splat (i32.add (local.get $c) (local.get $fz)))))
          (local.set $sum (f64x2.add (local.get $sum) (f64x2.mul (local.get $diff) (local.get $diff))))
          (local.set $fx (i32.add (local.get $fx) (i32.const 16)))
          (local.set $fz (i32.add (local.get $fz) (i32.const 8)))
          (br_if $features (i32.lt_u (local.get $fx) (local.get $pairBytes))))
        (v128.store (i32.add (local.get $out) (i32.shl (local.get $p) (i32.const 4))) (local.get $sum))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $pairs))))

  ;; ── float32 search prefilter ────────────────────────────────────────────────────────────────────────
  ;; The same search pass in four float32 lanes, for ranking thousands of learnwares before the float64
  ;; pass re-ranks the best: rows in QUADS (quad q holds rows 4q … 4q+3, feature f at q·d·16 + f·16), norms
  ;; 16 bytes a quad, points, norms and weights float32. Kernel values are good to ~1e-6 relative when the
  ;; caller centres rows and points first (math/rbfKernelF32.ts).

  ;; exp for $count f32x4 vectors in place: 2^n by adding 1.5·2^23, Cody–Waite ln2, Taylor to degree 6
  ;; (< 2e-7 relative on |r| ≤ ln2/2), 0 below −87, NaN stays NaN.
  (func $exp_inplace_f32 (param $at i32) (param $count i32)
    (local $end i32) (local $a v128) (local $shifted v128) (local $n v128) (local $r v128) (local $p v128)
    (local $log2e v128) (local $shifter v128) (local $ln2Hi v128) (local $ln2Lo v128) (local $bias v128) (local $floor v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128) (local $t4 v128) (local $t5 v128) (local $t6 v128)
    (local.set $log2e (v128.const f32x4 1.4426950408889634 1.4426950408889634 1.4426950408889634 1.4426950408889634))
    (local.set $shifter (v128.const f32x4 12582912.0 12582912.0 12582912.0 12582912.0))
    (local.set $ln2Hi (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375))
    (local.set $ln2Lo (v128.const f32x4 -0.00021219444 -0.00021219444 -0.00021219444 -0.00021219444))
    (local.set $bias (v128.const i32x4 127 127 127 127))
    (local.set $floor (v128.const f32x4 -87.0 -87.0 -87.0 -87.0))
    (local.set $t0 (v128.const f32x4 1.0 1.0 1.0 1.0))
    (local.set $t1 (v128.const f32x4 1.0 1.0 1.0 1.0))
    (local.set $t2 (v128.const f32x4 0.5 0.5 0.5 0.5))
    (local.set $t3 (v128.const f32x4 0.16666666666666666 0.16666666666666666 0.16666666666666666 0.16666666666666666))
    (local.set $t4 (v128.const f32x4 0.041666666666666664 0.041666666666666664 0.041666666666666664 0.041666666666666664))
    (local.set $t5 (v128.const f32x4 0.008333333333333333 0.008333333333333333 0.008333333333333333 0.008333333333333333))
    (local.set $t6 (v128.const f32x4 0.001388888888888889 0.001388888888888889 0.001388888888888889 0.001388888888888889))
    (local.set $end (i32.add (local.get $at) (i32.shl (local.get $count) (i32.const 4))))
    (block $done
      (loop $vectors
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $a (v128.load (local.get $at)))
        (local.set $shifted (f32x4.add (f32x4.mul (local.get $a) (local.get $log2e)) (local.get $shifter)))
        (local.set $n (f32x4.sub (local.get $shifted) (local.get $shifter)))
        (local.set $r (f32x4.sub (f32x4.sub (local.get $a) (f32x4.mul (local.get $n) (local.get $ln2Hi))) (f32x4.mul (local.get $n) (local.get $ln2Lo))))
        (local.set $p (local.get $t6))
        (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (local.get $t5)))
        (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (local.get $t4)))
        (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (local.get $t3)))
        (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (local.get $t2)))
        (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (local.get $t1)))
        (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (local.get $t0)))
        (v128.store (local.get $at)
          (v128.and
            (f32x4.mul (local.get $p) (i32x4.shl (i32x4.add (local.get $shifted) (local.get $bias)) (i32.const 23)))
            (v128.or (f32x4.ge (local.get $a) (local.get $floor)) (f32x4.ne (local.get $a) (local.get $a)))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $vectors))))

  ;; Exponents −γ((‖u_j‖² − 2u_j·x) + ‖x‖²) of points j = 0 … 3 against the 8 rows of quads $xa, $xb, to
  ;; $dst + j·32 + q·16 (float32 version of $tile_exponents).
  (func $tile_exponents_f32 (param $dst i32) (param $xa i32) (param $xb i32) (param $xnp i32) (param $za i32) (param $znp i32)
                            (param $d i32) (param $zRow i32) (param $g v128)
    (local $a00 v128) (local $a01 v128) (local $a10 v128) (local $a11 v128)
    (local $a20 v128) (local $a21 v128) (local $a30 v128) (local $a31 v128)
    (local $x0 v128) (local $x1 v128) (local $zv v128) (local $xn0 v128) (local $xn1 v128)
    (local $za1 i32) (local $za2 i32) (local $za3 i32) (local $fx i32) (local $fz i32) (local $end i32)
    (local.set $za1 (i32.add (local.get $za) (local.get $zRow)))
    (local.set $za2 (i32.add (local.get $za1) (local.get $zRow)))
    (local.set $za3 (i32.add (local.get $za2) (local.get $zRow)))
    (local.set $end (i32.shl (local.get $d) (i32.const 2)))
    (loop $features
      (local.set $x0 (v128.load (i32.add (local.get $xa) (local.get $fx))))
      (local.set $x1 (v128.load (i32.add (local.get $xb) (local.get $fx))))
      (local.set $zv (v128.load32_splat (i32.add (local.get $za) (local.get $fz))))
      (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $zv) (local.get $x0))))
      (local.set $a01 (f32x4.add (local.get $a01) (f32x4.mul (local.get $zv) (local.get $x1))))
      (local.set $zv (v128.load32_splat (i32.add (local.get $za1) (local.get $fz))))
      (local.set $a10 (f32x4.add (local.get $a10) (f32x4.mul (local.get $zv) (local.get $x0))))
      (local.set $a11 (f32x4.add (local.get $a11) (f32x4.mul (local.get $zv) (local.get $x1))))
      (local.set $zv (v128.load32_splat (i32.add (local.get $za2) (local.get $fz))))
      (local.set $a20 (f32x4.add (local.get $a20) (f32x4.mul (local.get $zv) (local.get $x0))))
      (local.set $a21 (f32x4.add (local.get $a21) (f32x4.mul (local.get $zv) (local.get $x1))))
      (local.set $zv (v128.load32_splat (i32.add (local.get $za3) (local.get $fz))))
      (local.set $a30 (f32x4.add (local.get $a30) (f32x4.mul (local.get $zv) (local.get $x0))))
      (local.set $a31 (f32x4.add (local.get $a31) (f32x4.mul (local.get $zv) (local.get $x1))))
      (local.set $fx (i32.add (local.get $fx) (i32.const 16)))
      (local.set $fz (i32.add (local.get $fz) (i32.const 4)))
      (br_if $features (i32.lt_u (local.get $fz) (local.get $end))))
    (local.set $xn0 (v128.load (local.get $xnp)))
    (local.set $xn1 (v128.load offset=16 (local.get $xnp)))
    (local.set $zv (v128.load32_splat (local.get $znp)))
    (v128.store offset=0 (local.get $dst) (f32x4.mul (local.get $g) (f32x4.add (f32x4.sub (local.get $zv) (f32x4.add (local.get $a00) (local.get $a00))) (local.get $xn0))))
    (v128.store offset=16 (local.get $dst) (f32x4.mul (local.get $g) (f32x4.add (f32x4.sub (local.get $zv) (f32x4.add (local.get $a01) (local.get $a01))) (local.get $xn1))))
    (local.set $zv (v128.load32_splat offset=4 (local.get $znp)))
    (v128.store offset=32 (local.get $dst) (f32x4.mul (local.get $g) (f32x4.add (f32x4.sub (local.get $zv) (f32x4.add (local.get $a10) (local.get $a10))) (local.get $xn0))))
    (v128.store offset=48 (local.get $dst) (f32x4.mul (local.get $g) (f32x4.add (f32x4.sub (local.get $zv) (f32x4.add (local.get $a11) (local.get $a11))) (local.get $xn1))))
    (local.set $zv (v128.load32_splat offset=8 (local.get $znp)))
    (v128.store offset=64 (local.get $dst) (f32x4.mul (local.get $g) (f32x4.add (f32x4.sub (local.get $zv) (f32x4.add (local.get $a20) (local.get $a20))) (local.get $xn0))))
    (v128.store offset=80 (local.get $dst) (f32x4.mul (local.get $g) (f32x4.add (f32x4.sub (local.get $zv) (f32x4.add (local.get $a21) (local.get $a21))) (local.get $xn1))))
    (local.set $zv (v128.load32_splat offset=12 (local.get $znp)))
    (v128.store offset=96 (local.get $dst) (f32x4.mul (local.get $g) (f32x4.add (f32x4.sub (local.get $zv) (f32x4.add (local.get $a30) (local.get $a30))) (local.get $xn0))))
    (v128.store offset=112 (local.get $dst) (f32x4.mul (local.get $g) (f32x4.add (f32x4.sub (local.get $zv) (f32x4.add (local.get $a31) (local.get $a31))) (local.get $xn1)))))

  ;; out[n] = Σ_i wt_i k(u_i, x_n) (float32) for the rows of quads $q0 … $q1 − 1 (an even count).
  (func (export "weighted_rows_f32") (param $xq i32) (param $xn i32) (param $d i32) (param $q0 i32) (param $q1 i32)
                                     (param $u i32) (param $un i32) (param $wt i32) (param $k i32) (param $gamma f32) (param $out i32)
    (local $i i32) (local $group i32) (local $groupEnd i32) (local $q i32) (local $t i32)
    (local $quadBytes i32) (local $zRow i32) (local $g v128) (local $xa i32)
    (local $o0 v128) (local $o1 v128) (local $wv v128) (local $wa i32)
    (local.set $quadBytes (i32.shl (local.get $d) (i32.const 4)))
    (local.set $zRow (i32.shl (local.get $d) (i32.const 2)))
    (local.set $g (f32x4.splat (f32.neg (local.get $gamma))))
    (local.set $q (local.get $q0))
    (block $quadsDone
      (loop $quads
        (br_if $quadsDone (i32.ge_u (local.get $q) (local.get $q1)))
        (local.set $xa (i32.add (local.get $xq) (i32.mul (local.get $q) (local.get $quadBytes))))
        (local.set $o0 (v128.const f32x4 0 0 0 0))
        (local.set $o1 (v128.const f32x4 0 0 0 0))
        (local.set $group (i32.const 0))
        (block $groupsDone
          (loop $groups
            (br_if $groupsDone (i32.ge_u (local.get $group) (local.get $k)))
            (local.set $groupEnd (select (i32.add (local.get $group) (i32.const 64)) (local.get $k)
              (i32.lt_u (i32.add (local.get $group) (i32.const 64)) (local.get $k))))
            (local.set $t (i32.const 0))
            (local.set $i (local.get $group))
            (block $tilesDone
              (loop $tiles
                (br_if $tilesDone (i32.ge_u (local.get $i) (local.get $groupEnd)))
                (call $tile_exponents_f32 (local.get $t) (local.get $xa) (i32.add (local.get $xa) (local.get $quadBytes))
                  (i32.add (local.get $xn) (i32.shl (local.get $q) (i32.const 4)))
                  (i32.add (local.get $u) (i32.mul (local.get $i) (local.get $zRow)))
                  (i32.add (local.get $un) (i32.shl (local.get $i) (i32.const 2)))
                  (local.get $d) (local.get $zRow) (local.get $g))
                (local.set $t (i32.add (local.get $t) (i32.const 128)))
                (local.set $i (i32.add (local.get $i) (i32.const 4)))
                (br $tiles)))
            (call $exp_inplace_f32 (i32.const 0) (i32.shr_u (local.get $t) (i32.const 4)))
            (local.set $t (i32.const 0))
            (local.set $i (local.get $group))
            (block $sumsDone
              (loop $sums
                (br_if $sumsDone (i32.ge_u (local.get $i) (local.get $groupEnd)))
                (local.set $wa (i32.add (local.get $wt) (i32.shl (local.get $i) (i32.const 2))))
                (local.set $wv (v128.load32_splat offset=0 (local.get $wa)))
                (local.set $o0 (f32x4.add (local.get $o0) (f32x4.mul (local.get $wv) (v128.load offset=0 (local.get $t)))))
                (local.set $o1 (f32x4.add (local.get $o1) (f32x4.mul (local.get $wv) (v128.load offset=16 (local.get $t)))))
                (local.set $wv (v128.load32_splat offset=4 (local.get $wa)))
                (local.set $o0 (f32x4.add (local.get $o0) (f32x4.mul (local.get $wv) (v128.load offset=32 (local.get $t)))))
                (local.set $o1 (f32x4.add (local.get $o1) (f32x4.mul (local.get $wv) (v128.load offset=48 (local.get $t)))))
                (local.set $wv (v128.load32_splat offset=8 (local.get $wa)))
                (local.set $o0 (f32x4.add (local.get $o0) (f32x4.mul (local.get $wv) (v128.load offset=64 (local.get $t)))))
                (local.set $o1 (f32x4.add (local.get $o1) (f32x4.mul (local.get $wv) (v128.load offset=80 (local.get $t)))))
                (local.set $wv (v128.load32_splat offset=12 (local.get $wa)))
                (local.set $o0 (f32x4.add (local.get $o0) (f32x4.mul (local.get $wv) (v128.load offset=96 (local.get $t)))))
                (local.set $o1 (f32x4.add (local.get $o1) (f32x4.mul (local.get $wv) (v128.load offset=112 (local.get $t)))))
                (local.set $t (i32.add (local.get $t) (i32.const 128)))
                (local.set $i (i32.add (local.get $i) (i32.const 4)))
                (br $sums)))
            (local.set $group (local.get $groupEnd))
            (br $groups)))
        (v128.store (i32.add (local.get $out) (i32.shl (local.get $q) (i32.const 4))) (local.get $o0))
        (v128.store offset=16 (i32.add (local.get $out) (i32.shl (local.get $q) (i32.const 4))) (local.get $o1))
        (local.set $q (i32.add (local.get $q) (i32.const 2)))
        (br $quads))))
)
