// A tour's CO2 per participant: Σ(distance × mode factor) over the legs + nights × lodging
// factor, for the chosen itinerary and for the conventional one (each leg's baseline mode, the
// standard lodging factor), plus meals and activities with the operator's own kg-CO2 per
// participant for the planned and the conventional choice (there are no official factors for
// them in the reference, so the figures and their basis are the operator's and are shown so).
using OsakaDx.Modules.Carbon.Calc;
using OsakaDx.Modules.Carbon.Data;

namespace OsakaDx.Modules.Carbon.Tours;

public sealed record TourLegResult(TourLeg Leg, Factor Mode, Factor Baseline, Emission Chosen, Emission Conventional);

public sealed record TourItemResult(TourItem Item, Emission Chosen, Emission Conventional);

public sealed record TourResult(IReadOnlyList<TourLegResult> Legs, Emission LodgingChosen, Emission LodgingConventional, Factor Hotel, bool OwnHotelFigure, IReadOnlyList<TourItemResult>? Items = null)
{
    public IReadOnlyList<TourItemResult> ItemResults => Items ?? [];

    public Emission Chosen => Legs.Aggregate(Emission.Zero, (s, l) => s + l.Chosen) + LodgingChosen + ItemResults.Aggregate(Emission.Zero, (s, i) => s + i.Chosen);

    public Emission Conventional => Legs.Aggregate(Emission.Zero, (s, l) => s + l.Conventional) + LodgingConventional + ItemResults.Aggregate(Emission.Zero, (s, i) => s + i.Conventional);

    /// <summary>Moving, lodging, meals and activities: chosen and conventional per participant.</summary>
    public IReadOnlyList<(string Stage, Emission Chosen, Emission Conventional)> ByStage =>
    [
        ("移動", Legs.Aggregate(Emission.Zero, (s, l) => s + l.Chosen), Legs.Aggregate(Emission.Zero, (s, l) => s + l.Conventional)),
        ("宿泊", LodgingChosen, LodgingConventional),
        ("食事", Sum("meal", true), Sum("meal", false)),
        ("体験・アクティビティ", Sum("activity", true), Sum("activity", false)),
    ];

    private Emission Sum(string kind, bool chosen) =>
        ItemResults.Where(i => i.Item.Kind == kind).Aggregate(Emission.Zero, (s, i) => s + (chosen ? i.Chosen : i.Conventional));

    public Emission Reduction => Conventional - Chosen;

    /// <summary>Reduction as a percentage of the conventional footprint, one decimal; null when that is zero.</summary>
    public decimal? ReductionPercent => Conventional.Grams == 0 ? null : Math.Round(Reduction.Grams * 100m / Conventional.Grams, 1, MidpointRounding.AwayFromZero);
}

public static class TourFootprint
{
    public const string HotelKey = "hotel_night";

    /// <summary>Modes a leg can use: the passenger-transport factors of the set that have a value.</summary>
    public static IEnumerable<Factor> Modes(IReadOnlyDictionary<string, Factor> factors) =>
        (factors ?? throw new ArgumentNullException(nameof(factors))).Values.Where(f => f.Category == "旅客輸送" && f.Value is not null).OrderBy(f => f.Value).ThenBy(f => f.Key, StringComparer.Ordinal);

    /// <exception cref="CalculationException">A mode or the lodging factor is missing from the set.</exception>
    public static TourResult Calculate(Tour tour, IReadOnlyDictionary<string, Factor> factors)
    {
        ArgumentNullException.ThrowIfNull(tour);
        ArgumentNullException.ThrowIfNull(factors);
        var legs = new List<TourLegResult>();
        foreach (var leg in tour.Legs.OrderBy(l => l.Order))
        {
            var mode = Find(factors, leg.ModeKey);
            var baseline = Find(factors, leg.BaselineModeKey);
            legs.Add(new TourLegResult(leg, mode,  baseline,
                Calculator.Apply(leg.DistanceKm, Unit.PersonKm, mode).Emission,
                Calculator.Apply(leg.DistanceKm, Unit.PersonKm, baseline).Emission));
        }

        var hotel = Find(factors, HotelKey);
        var standard = Calculator.Apply(tour.Nights, Unit.Night, hotel).Emission;
        var own = tour.HotelKgPerNight is { } kg ? Emission.FromKilograms(kg * tour.Nights) : standard;
        var items = tour.Items.OrderBy(i => i.Order)
            .Select(i => new TourItemResult(i, Emission.FromKilograms(i.KgPerParticipant), Emission.FromKilograms(i.BaselineKgPerParticipant))).ToList();
        return new TourResult(legs, own, standard, hotel, tour.HotelKgPerNight is not null, items);
    }

    private static Factor Find(IReadOnlyDictionary<string, Factor> factors, string key) =>
        factors.TryGetValue(key, out var f) ? f : throw new CalculationException($"係数「{key}」がこの係数版にありません。");
}
