using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OsakaDx.Host.Components;
using OsakaDx.Platform;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Modules;
using OsakaDx.Platform.Seed;

namespace OsakaDx.Host.Web;

/// <summary>Builds the web application: the same for `serve`, for CLI verbs (without listening) and for tests.</summary>
internal static class PlatformWebHost
{
    public static WebApplication Build(string[] args, IReadOnlyList<IOsakaDxModule> modules, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);

        // The launcher runs from any folder (data is relative to it); settings ship beside the binary.
        builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(args);
        builder.WebHost.UseStaticWebAssets();
        configure?.Invoke(builder);
        var options = builder.AddOsakaDxPlatform(modules);

        builder.Services.AddHostedService<PlatformStartup>();
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, AuditingAuthorizationResultHandler>();
        builder.Services.AddRazorComponents();

        // Japanese text goes out as UTF-8 characters, not numeric entities (pages several times smaller).
        builder.Services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = new[] { new CultureInfo("ja-JP"), new CultureInfo("en") };
            o.DefaultRequestCulture = new RequestCulture("ja-JP");
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "OsakaDx API";
            doc.Info.Description = "大阪市 OsakaDx の API。画面と同じ権限で保護されています（サインインした職員のクッキー）。";
            return Task.CompletedTask;
        }));
        builder.Services.AddAntiforgery(o => o.Cookie.Name = "osakadx.af");
        var maxUpload = builder.Configuration.GetValue<long>("OsakaDx:MaxUploadBytes", 50L * 1024 * 1024);
        builder.Services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = maxUpload);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = maxUpload + (1024 * 1024);
            k.AddServerHeader = false;
        });
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("databases", tags: ["ready"]);
        if (options.UsesPostgres)
        {
            // Replicas behind a load balancer must decrypt each other's cookies: keep the keys in the shared database folder or a configured path.
            var keys = builder.Configuration["OsakaDx:DataProtectionKeys"];
            if (!string.IsNullOrWhiteSpace(keys))
            {
                builder.Services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(keys)).SetApplicationName("OsakaDx");
            }
        }
        else
        {
            builder.Services.AddDataProtection()
                .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(options.FullDataPath, "keys")))
                .SetApplicationName("OsakaDx");
        }

        var app = builder.Build();

        app.UseForwardedHeaders(new ForwardedHeadersOptions
        {
            ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto,
        });
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/error", CreateScopeForErrors = true });
        // Re-execution must sit on the main pipeline: inside a UseWhen branch it cannot re-route and pages
        // answered 404 with an empty body. The API branch below runs first on the way out and writes
        // problem details, so /api responses are never replaced by an HTML page.
        app.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true);
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
        // Routing after the status-code pages: a re-executed /status/404 must find its own
        // endpoint ([AllowAnonymous]); with the implicit routing at the start of the pipeline it
        // had none, fell under the fallback policy, and anonymous visitors of a public page that
        // answered 404 were sent to the sign-in page instead.
        app.UseRouting();
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseAuthorization();
        // The Swagger UI (no endpoint of its own) falls under the fallback policy: signed-in staff only.
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "api/docs";
            o.SwaggerEndpoint("/openapi/v1.json", "OsakaDx API");
            o.DocumentTitle = "OsakaDx API リファレンス";
        });
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json");
        AccountEndpoints.Map(app);
        PlatformApi.Map(app);
        AdminEndpoints.Map(app);
        foreach (var module in modules)
        {
            module.MapEndpoints(app);
        }

        // Module pages are routable only when their assembly is named here as well as in the Router.
        app.MapRazorComponents<App>()
            .AddAdditionalAssemblies([typeof(OsakaDx.Ui.Components.SkipLink).Assembly, .. modules.Select(m => m.GetType().Assembly).Distinct()]);

        return app;
    }

    /// <summary>Migrates every database and, in demo mode on an empty platform database, creates the demo data.</summary>
    public static async Task PrepareAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await PlatformRegistration.MigrateAsync(services, cancellationToken);
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        await PlatformSeeder.EnsureRolesAsync(sp, cancellationToken);
        var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<PlatformOptions>>().Value;
        var db = sp.GetRequiredService<PlatformDb>();
        if (options.IsDemo && !await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Users, cancellationToken))
        {
            await PlatformSeeder.SeedDemoAsync(sp, cancellationToken);
        }
    }
}

/// <summary>/readyz: every registered database answers.</summary>
internal sealed class DatabaseHealthCheck(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var failed = new List<string>();
        foreach (var database in scope.ServiceProvider.GetServices<ModuleDatabase>())
        {
            var db = (Microsoft.EntityFrameworkCore.DbContext)scope.ServiceProvider.GetRequiredService(database.ContextType);
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                failed.Add(database.Schema);
            }
        }

        return failed.Count == 0
            ? HealthCheckResult.Healthy("すべてのデータベースに接続できます。")
            : HealthCheckResult.Unhealthy($"接続できないデータベース: {string.Join(", ", failed)}");
    }
}

/// <summary>Headers every response carries. The pages use no inline script, so the policy can be strict.</summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), geolocation=(), microphone=()";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        if (!context.Request.Path.StartsWithSegments("/api/docs"))
        {
            headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";
        }

        return next(context);
    }
}
