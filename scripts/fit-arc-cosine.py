#!/usr/bin/env python3
"""Fits the polynomials of the NNGP kernel's arc-cosine ReLU (spec/image/nngpPair.ts arcCosineE / arcCosineH,
and the coefficient table of spec/image/nngpKernel.wat) and prints them with their float64 error.

    J(c) = sin θ + (π − θ)·c, θ = arccos c
         = πc/2 + E(c²)                 for |c| < ½,  E(u) = √(1 − u) + √u·asin √u
         = πc + √z·z·H(z) (c ≥ ½), √z·z·H(z) (c ≤ −½),  z = (1 − |c|)/2,
           H(z) = (2√(1 − z) − 2(1 − 2z)·asin(√z)/√z) / z

Both on [0, ¼], degree 11: Chebyshev interpolation at 50 digits, turned into monomials and rounded to float64.
Their approximation error is far below the float64 evaluation's own (~4e-16 for E, ~9e-16 for H, printed).
Needs mpmath (pip install mpmath); not used by the build or the tests.
"""
import random

import mpmath as mp

mp.mp.dps = 50
DEGREE = 11


def e_function(u):
    c = mp.sqrt(u)
    return mp.sqrt(1 - u) + c * mp.asin(c)


def h_function(z):
    if z == 0:
        return mp.mpf(8) / 3
    root = mp.sqrt(z)
    return (2 * mp.sqrt(1 - z) - 2 * (1 - 2 * z) * mp.asin(root) / root) / z


def chebyshev_monomials(f, lo, hi, degree):
    """Interpolates f at the Chebyshev points of [lo, hi]; returns the monomial coefficients in x."""
    n = degree + 1
    lo, hi = mp.mpf(lo), mp.mpf(hi)
    mid, half = (lo + hi) / 2, (hi - lo) / 2
    angles = [mp.pi * (k + mp.mpf(1) / 2) / n for k in range(n)]
    values = [f(mid + half * mp.cos(a)) for a in angles]
    cheb = [2 * mp.fsum(values[k] * mp.cos(j * angles[k]) for k in range(n)) / n for j in range(n)]
    cheb[0] /= 2
    basis = [[mp.mpf(1)], [mp.mpf(0), mp.mpf(1)]]  # T_j(t) as monomials in t
    while len(basis) < n:
        nxt = [mp.mpf(0)] + [2 * c for c in basis[-1]]
        for i, c in enumerate(basis[-2]):
            nxt[i] -= c
        basis.append(nxt)
    in_t = [mp.fsum(cheb[j] * basis[j][i] for j in range(n) if i < len(basis[j])) for i in range(n)]
    in_x = [mp.mpf(0)] * n  # t = (x − mid)/half
    for i, c in enumerate(in_t):
        for k in range(i + 1):
            in_x[k] += c * mp.binomial(i, k) * (-mid) ** (i - k) / half ** i
    return [float(c) for c in in_x]


def estrin(c, x):
    """The evaluation order of nngpPair.ts and nngpKernel.wat (Python floats are IEEE doubles)."""
    x2 = x * x
    x4 = x2 * x2
    return ((c[0] + c[1] * x) + x2 * (c[2] + c[3] * x)) + x4 * ((c[4] + c[5] * x) + x2 * (c[6] + c[7] * x)) + \
        (x4 * x4) * ((c[8] + c[9] * x) + x2 * (c[10] + c[11] * x))


def main():
    random.seed(1)
    grid = [i / 16000 for i in range(4001)] + [random.random() / 4 for _ in range(4000)]
    for name, f in (('E', e_function), ('H', h_function)):
        coefficients = chebyshev_monomials(f, 0, 0.25, DEGREE)
        error = max(abs(mp.mpf(estrin(coefficients, x)) - f(mp.mpf(x))) for x in grid)
        print(f'{name}: max |float64 Estrin − exact| on [0, 1/4] = {mp.nstr(error, 3)}')
        print('  ' + ', '.join(repr(c) for c in coefficients))


if __name__ == '__main__':
    main()
