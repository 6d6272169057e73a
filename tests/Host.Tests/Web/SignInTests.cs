using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Host.Tests.Infrastructure;
using OsakaDx.Platform.Audit;
using OsakaDx.Platform.Identity;

namespace OsakaDx.Host.Tests.Web;

/// <summary>Sign-in, lockout and permissions through the real login form and cookie; run on each database.</summary>
public abstract class SignInTests(OsakaDxFactory factory)
{
    protected async Task Admin_signs_in_and_sees_the_portal_Async()
    {
        using var client = factory.CreateBrowserClient();
        var result = await LoginForm.SignInAsync(client, "admin", "Admin-Demo-2025!");
        Assert.True(result.Succeeded, $"expected a redirect, got {(int)result.Response.StatusCode}");
        Assert.True(result.Response.Headers.TryGetValues("Set-Cookie", out var cookies));
        Assert.Contains(cookies, c => c.StartsWith("osakadx.auth=", StringComparison.Ordinal));

        using var portal = await client.GetAsync(result.Response.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, portal.StatusCode);
        var html = await portal.ReadDecodedAsync();
        Assert.Contains("ようこそ", html, StringComparison.Ordinal);
        Assert.Contains("大阪 太郎", html, StringComparison.Ordinal);

        using var me = await client.GetAsync(new Uri("/api/platform/me", UriKind.Relative));
        using var json = JsonDocument.Parse(await me.Content.ReadAsStringAsync());
        Assert.Equal("admin", json.RootElement.GetProperty("userName").GetString());
        Assert.Contains(json.RootElement.GetProperty("permissions").EnumerateArray(), p => p.GetString() == PlatformPermissions.AuditRead);

        var audited = await factory.WithDbAsync((db, _) => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.SignIn && a.Actor == "admin"));
        Assert.True(audited);
    }

    protected async Task Wrong_password_shows_japanese_error_and_is_audited_Async()
    {
        using var client = factory.CreateBrowserClient();
        var result = await LoginForm.SignInAsync(client, "auditor", "Wrong-Password-1");
        Assert.False(result.Succeeded);
        Assert.Equal(HttpStatusCode.OK, result.Response.StatusCode);
        Assert.Contains("ユーザー名またはパスワードが正しくありません。", result.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Wrong-Password-1", result.Html, StringComparison.Ordinal); // the password is not echoed into the page
        Assert.Contains("value=\"auditor\"", result.Html, StringComparison.Ordinal); // the user name is kept for the next try

        var row = await factory.WithDbAsync((db, _) => db.AuditEntries.AsNoTracking()
            .Where(a => a.Action == AuditActions.SignInFailed && a.Actor == "auditor").OrderByDescending(a => a.Id).FirstOrDefaultAsync());
        Assert.NotNull(row);
        Assert.Equal(AuditCategories.Security, row.Category);
        Assert.Equal("パスワード誤り", row.Detail);
        Assert.NotNull(row.UserId);
    }

    protected async Task Five_wrong_passwords_lock_the_account_Async()
    {
        const string user = "lockout-target";
        const string password = "Lockout-Target-2025";
        await factory.WithDbAsync(async (_, sp) =>
        {
            var users = sp.GetRequiredService<UserManager<StaffUser>>();
            var created = await users.CreateAsync(new StaffUser { UserName = user, DisplayName = "ロック 試験", LockoutEnabled = true }, password);
            Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
            return 0;
        });

        using var client = factory.CreateBrowserClient();
        LoginForm.Result? last = null;
        for (var i = 1; i <= 5; i++)
        {
            last = await LoginForm.SignInAsync(client, user, "Not-The-Password-" + i);
            Assert.False(last.Succeeded);
            if (i < 5)
            {
                Assert.DoesNotContain("ロック", last.Html, StringComparison.Ordinal);
            }
        }

        Assert.Contains("ロック", last!.Html, StringComparison.Ordinal);

        // Locked means locked: the right password does not get in either.
        var right = await LoginForm.SignInAsync(client, user, password);
        Assert.False(right.Succeeded);
        Assert.Contains("ロック", right.Html, StringComparison.Ordinal);

        var (failed, locked) = await factory.WithDbAsync(async (db, _) => (
            await db.AuditEntries.CountAsync(a => a.Action == AuditActions.SignInFailed && a.Actor == user),
            await db.AuditEntries.CountAsync(a => a.Action == AuditActions.LockedOut && a.Actor == user)));
        Assert.Equal(4, failed);
        Assert.Equal(2, locked);
    }

    protected async Task Staff_is_refused_the_audit_api_and_the_refusal_is_audited_Async()
    {
        using var client = await factory.SignedInClientAsync("staff", "Staff-Demo-2025!");
        using var response = await client.GetAsync(new Uri("/api/platform/audit", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(response.Headers.Location);

        var row = await factory.WithDbAsync((db, _) => db.AuditEntries.AsNoTracking()
            .Where(a => a.Action == AuditActions.PermissionDenied && a.Actor == "staff").OrderByDescending(a => a.Id).FirstOrDefaultAsync());
        Assert.NotNull(row);
        Assert.Equal(AuditCategories.Security, row.Category);
        Assert.Contains("/api/platform/audit", row.Detail, StringComparison.Ordinal);
        Assert.Contains(PlatformPermissions.AuditRead, row.Detail, StringComparison.Ordinal);
    }

    protected async Task Auditor_reads_the_audit_api_Async()
    {
        using var client = await factory.SignedInClientAsync("auditor", "Audit-Demo-2025!");
        using var response = await client.GetAsync(new Uri("/api/platform/audit?take=50", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        Assert.InRange(rows.Count, 1, 50);
        Assert.Contains(rows, r => r.GetProperty("action").GetString() == AuditActions.SignIn && r.GetProperty("actor").GetString() == "auditor");
    }
}

public sealed class SqliteSignInTests(OsakaDxFactory factory) : SignInTests(factory), IClassFixture<OsakaDxFactory>
{
    [Fact] public Task Admin_signs_in_and_sees_the_portal() => Admin_signs_in_and_sees_the_portal_Async();

    [Fact] public Task Wrong_password_shows_japanese_error_and_is_audited() => Wrong_password_shows_japanese_error_and_is_audited_Async();

    [Fact] public Task Five_wrong_passwords_lock_the_account() => Five_wrong_passwords_lock_the_account_Async();

    [Fact] public Task Staff_is_refused_the_audit_api_and_the_refusal_is_audited() => Staff_is_refused_the_audit_api_and_the_refusal_is_audited_Async();

    [Fact] public Task Auditor_reads_the_audit_api() => Auditor_reads_the_audit_api_Async();
}

public sealed class PostgresSignInTests(PostgresOsakaDxFactory factory) : SignInTests(factory), IClassFixture<PostgresOsakaDxFactory>
{
    [PostgresFact] public Task Admin_signs_in_and_sees_the_portal() => Admin_signs_in_and_sees_the_portal_Async();

    [PostgresFact] public Task Wrong_password_shows_japanese_error_and_is_audited() => Wrong_password_shows_japanese_error_and_is_audited_Async();

    [PostgresFact] public Task Five_wrong_passwords_lock_the_account() => Five_wrong_passwords_lock_the_account_Async();

    [PostgresFact] public Task Staff_is_refused_the_audit_api_and_the_refusal_is_audited() => Staff_is_refused_the_audit_api_and_the_refusal_is_audited_Async();

    [PostgresFact] public Task Auditor_reads_the_audit_api() => Auditor_reads_the_audit_api_Async();
}
