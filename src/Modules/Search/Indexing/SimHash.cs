// Near-duplicate detection: Charikar's SimHash over character shingles of the extracted text.
// Copies of a document ("最終版(2)", a file saved again with one line changed) get fingerprints a few
// bits apart; unrelated documents differ in about half of the 64 bits.
using System.Numerics;

namespace OsakaDx.Modules.Search.Indexing;

internal static class SimHash
{
    /// <summary>Fingerprints at most this many bits apart are near-duplicates.</summary>
    public const int MaxDistance = 3;

    /// <summary>Below this much text a fingerprint says nothing (short files look alike), so none is made.</summary>
    public const int MinChars = 40;

    /// <summary>Four 16-bit bands: two fingerprints within 3 bits agree exactly on at least one band (pigeonhole).</summary>
    public const int Bands = 4;

    private const int Shingle = 4;
    private const int MaxChars = 200_000;

    /// <summary>The 64-bit fingerprint of the text, or null when there is too little text.</summary>
    public static ulong? Of(string text)
    {
        // Whitespace and punctuation differences between copies should not count.
        var letters = new char[Math.Min(text.Length, MaxChars)];
        var n = 0;
        foreach (var c in text.AsSpan(0, Math.Min(text.Length, MaxChars)))
        {
            if (char.IsLetterOrDigit(c))
            {
                letters[n++] = char.ToLowerInvariant(c);
            }
        }

        if (n < MinChars)
        {
            return null;
        }

        // Each bit's vote: +1 where a shingle's hash has it set, −1 where not; counting the set ones
        // (branch-free) and comparing with half the shingles gives the same sign.
        Span<int> ones = stackalloc int[64];
        ones.Clear();
        var shingles = 0;
        for (var i = 0; i + Shingle <= n; i++)
        {
            var h = Fnv1a(letters.AsSpan(i, Shingle));
            shingles++;
            for (var bit = 0; bit < 64; bit++)
            {
                ones[bit] += (int)((h >> bit) & 1);
            }
        }

        ulong fingerprint = 0;
        for (var bit = 0; bit < 64; bit++)
        {
            if (2 * ones[bit] > shingles)
            {
                fingerprint |= 1UL << bit;
            }
        }

        return fingerprint;
    }

    public static int Distance(ulong a, ulong b) => BitOperations.PopCount(a ^ b);

    /// <summary>The band terms stored with a document and asked for when looking for its copies: "0:1a2b".</summary>
    public static IEnumerable<string> BandTerms(ulong fingerprint)
    {
        for (var band = 0; band < Bands; band++)
        {
            yield return $"{band}:{(fingerprint >> (band * 16)) & 0xFFFF:x4}";
        }
    }

    private static ulong Fnv1a(ReadOnlySpan<char> chars)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in chars)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        // FNV's low bits mix poorly for short inputs; a final avalanche spreads them over all 64.
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53UL;
        hash ^= hash >> 33;
        return hash;
    }
}
