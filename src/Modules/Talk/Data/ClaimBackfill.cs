namespace OsakaDx.Modules.Talk.Data;

/// <summary>
/// Run by the ChatAndClaims migrations: live bookings made before the claims existed get their
/// once-per-fiscal-year claim (the earliest booking per person wins if a race already let two
/// in; the other stays valid but holds no claim, so cancelling it frees nothing).
/// </summary>
internal static class ClaimBackfill
{
    public const string Sqlite = """
        INSERT INTO "EligibilityClaims" ("Kind", "FiscalYear", "PersonKey", "BookingId")
        SELECT v."Kind",
               CASE WHEN CAST(substr(s."Date", 6, 2) AS INTEGER) >= 4 THEN CAST(substr(s."Date", 1, 4) AS INTEGER) ELSE CAST(substr(s."Date", 1, 4) AS INTEGER) - 1 END,
               b."PersonKey", b."Id"
        FROM "Bookings" b
        JOIN "Sessions" s ON s."Id" = b."SessionId"
        JOIN "Services" v ON v."Id" = s."ServiceId"
        WHERE b."Status" = 'Booked' AND v."OncePerFiscalYear" = 1 AND b."PersonKey" <> ''
        ORDER BY b."Id"
        ON CONFLICT DO NOTHING;
        """;

    public const string Postgres = """
        INSERT INTO talk."EligibilityClaims" ("Kind", "FiscalYear", "PersonKey", "BookingId")
        SELECT v."Kind",
               CASE WHEN EXTRACT(MONTH FROM s."Date") >= 4 THEN EXTRACT(YEAR FROM s."Date")::int ELSE EXTRACT(YEAR FROM s."Date")::int - 1 END,
               b."PersonKey", b."Id"
        FROM talk."Bookings" b
        JOIN talk."Sessions" s ON s."Id" = b."SessionId"
        JOIN talk."Services" v ON v."Id" = s."ServiceId"
        WHERE b."Status" = 'Booked' AND v."OncePerFiscalYear" AND b."PersonKey" <> ''
        ORDER BY b."Id"
        ON CONFLICT DO NOTHING;
        """;
}
