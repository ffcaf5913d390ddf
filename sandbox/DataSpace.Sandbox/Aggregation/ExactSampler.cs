using System.Buffers.Binary;
using System.Numerics;

namespace DataSpace.Sandbox.Aggregation;

/// <summary>
/// Exact samplers of the discrete Laplace and discrete Gaussian distributions on the integers, after
/// Canonne, Kamath and Steinke, "The Discrete Gaussian for Differential Privacy" (NeurIPS 2020),
/// Algorithms 1-3. Every step is integer or rational arithmetic on uniform random integers, so there is
/// no floating-point rounding for an attacker to exploit (Mironov, "On Significance of the Least
/// Significant Bits for Differential Privacy", CCS 2012). Parameters are exact rationals num/den.
/// </summary>
internal sealed class ExactSampler(INoiseSource source)
{
    private readonly INoiseSource _source = source;
    private readonly byte[] _buffer = new byte[512];
    private int _position = 512;

    /// <summary>Uniform on {0, ..., n-1}, by rejection (no modulo bias).</summary>
    public BigInteger UniformBelow(BigInteger n)
    {
        if (n.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), "The range must be positive.");
        }

        if (n <= ulong.MaxValue)
        {
            return UniformBelow((ulong)n);
        }

        var bits = (int)(n - 1).GetBitLength();
        var bytes = new byte[(bits + 7) / 8];
        while (true)
        {
            FillBytes(bytes);
            bytes[^1] &= (byte)(0xFF >> ((bytes.Length * 8) - bits));
            var candidate = new BigInteger(bytes, isUnsigned: true);
            if (candidate < n)
            {
                return candidate;
            }
        }
    }

    /// <summary>Uniform on {0, ..., n-1} for n ≥ 1.</summary>
    public ulong UniformBelow(ulong n)
    {
        if (n <= 1)
        {
            return 0;
        }

        var mask = ulong.MaxValue >> BitOperations.LeadingZeroCount(n - 1);
        while (true)
        {
            var candidate = NextUInt64() & mask;
            if (candidate < n)
            {
                return candidate;
            }
        }
    }

    /// <summary>Bernoulli(num/den) for 0 ≤ num ≤ den.</summary>
    public bool Bernoulli(BigInteger num, BigInteger den) => UniformBelow(den) < num;

    /// <summary>Bernoulli(exp(-num/den)) for num ≥ 0, den &gt; 0: CKS20 Algorithm 1.</summary>
    public bool BernoulliExp(BigInteger num, BigInteger den)
    {
        if (num.Sign < 0 || den.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(num), "gamma = num/den must be non-negative.");
        }

        if (num > den)
        {
            // exp(-gamma) = exp(-1)^floor(gamma) * exp(-(gamma - floor(gamma))).
            var whole = BigInteger.DivRem(num, den, out var fraction);
            for (var k = BigInteger.Zero; k < whole; k++)
            {
                if (!BernoulliExp(BigInteger.One, BigInteger.One))
                {
                    return false;
                }
            }

            return BernoulliExp(fraction, den);
        }

        // 0 <= gamma <= 1: draw A_k ~ Bernoulli(gamma / k) until one is 0; return whether that k is odd.
        var count = BigInteger.One;
        while (Bernoulli(num, den * count))
        {
            count++;
        }

        return !count.IsEven;
    }

    /// <summary>
    /// Discrete Laplace with scale t/s: P[Z = z] ∝ exp(-|z| s / t), t, s ≥ 1 (CKS20 Algorithm 2).
    /// </summary>
    public BigInteger DiscreteLaplace(BigInteger t, BigInteger s)
    {
        if (t.Sign <= 0 || s.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(t), "The scale t/s must be positive.");
        }

        while (true)
        {
            var u = UniformBelow(t);
            if (!BernoulliExp(u, t))
            {
                continue;
            }

            var v = BigInteger.Zero;
            while (BernoulliExp(BigInteger.One, BigInteger.One))
            {
                v++;
            }

            var y = (u + (t * v)) / s;
            var negative = UniformBelow(2UL) == 1;
            if (negative && y.IsZero)
            {
                continue;
            }

            return negative ? -y : y;
        }
    }

    /// <summary>
    /// Discrete Gaussian with variance parameter sigma² = num/den: P[Z = z] ∝ exp(-z² / (2 sigma²))
    /// (CKS20 Algorithm 3: discrete Laplace proposals with t = floor(sigma) + 1, accepted with
    /// probability exp(-(|Y| - sigma²/t)² / (2 sigma²))).
    /// </summary>
    public BigInteger DiscreteGaussian(BigInteger num, BigInteger den)
    {
        if (num.Sign <= 0 || den.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(num), "sigma² must be positive.");
        }

        var t = IntegerSquareRoot(num / den) + 1;
        while (true)
        {
            var y = DiscreteLaplace(t, BigInteger.One);
            var excess = (BigInteger.Abs(y) * t * den) - num;
            if (BernoulliExp(excess * excess, 2 * num * den * t * t))
            {
                return y;
            }
        }
    }

    /// <summary>floor(sqrt(n)) for n ≥ 0, by Newton's method on integers.</summary>
    internal static BigInteger IntegerSquareRoot(BigInteger n)
    {
        if (n < 2)
        {
            return n;
        }

        var x = BigInteger.One << (int)((n.GetBitLength() + 1) / 2);
        while (true)
        {
            var y = (x + (n / x)) >> 1;
            if (y >= x)
            {
                return x;
            }

            x = y;
        }
    }

    private ulong NextUInt64()
    {
        if (_position > _buffer.Length - 8)
        {
            _source.Fill(_buffer);
            _position = 0;
        }

        var value = BinaryPrimitives.ReadUInt64LittleEndian(_buffer.AsSpan(_position));
        _position += 8;
        return value;
    }

    private void FillBytes(Span<byte> destination)
    {
        Span<byte> word = stackalloc byte[8];
        for (var i = 0; i < destination.Length; i += 8)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(word, NextUInt64());
            word[..Math.Min(8, destination.Length - i)].CopyTo(destination[i..]);
        }
    }
}
