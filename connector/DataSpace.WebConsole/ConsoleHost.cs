using System.Globalization;
using System.Net;
using DataSpace.WebConsole.Components;
using DataSpace.Crypto.Signatures;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace DataSpace.WebConsole;

/// <summary>The settings of <c>dsc console</c>: the connector (or gateway) to talk to and the loopback address to serve on.</summary>
public sealed record ConsoleSettings(Uri Connector, IPEndPoint Listen)
{
    /// <summary>
    /// The auditor's state file (<c>dsc console --state FILE</c>, as <c>dsc audit verify --state</c>): the checkpoint
    /// verified last time, checked for consistency by the next verification and replaced only when it succeeds. Null:
    /// the console keeps no state, and a verification says nothing about consistency with an earlier one.
    /// </summary>
    public string? AuditorState { get; init; }

    /// <summary>
    /// The connector's public key, pinned (<c>dsc console --connector-key PUBFILE</c>, as <c>dsc result get</c> and
    /// <c>dsc audit verify --key</c> take it): receipts, checkpoints and exports are checked against it and its default
    /// origin, never against a key the connector serves. Null: the served key is used and the pages say it is not pinned.
    /// </summary>
    public PublicKey? ConnectorKey { get; init; }
}

/// <summary>A bad console setting, named (for example a listen address that is not loopback).</summary>
public sealed class ConsoleConfigurationException(string message) : Exception(message);

/// <summary>
/// Builds the console's web application (docs/console.md): pages rendered on the server, served on loopback only,
/// behind the one-time login link; every call to the connector is signed here with the party's key.
/// </summary>
public static class ConsoleHost
{
    public static readonly CultureInfo[] Cultures = [new("en"), new("zh-CN")];

    /// <summary>The console app, not yet started, and the login link to print once it is (its port is known then).</summary>
    public static ConsoleApp Build(ConsoleSettings settings, SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(key);
        if (!IPAddress.IsLoopback(settings.Listen.Address))
        {
            throw new ConsoleConfigurationException($"--listen {settings.Listen}: the console serves on a loopback address only (127.0.0.1 or [::1])");
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(ConsoleHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Only what went wrong, on standard error: a page that fails answers 500 with no detail (nothing of the
        // connector's answer reaches the browser that way), and the person running dsc console sees why here.
        builder.Logging.ClearProviders()
            .AddSimpleConsole(console => console.SingleLine = true)
            .AddFilter((category, level) => level >= LogLevel.Error && category?.StartsWith("Microsoft.AspNetCore.Antiforgery", StringComparison.Ordinal) != true);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Error);
        builder.WebHost.UseUrls($"http://{settings.Listen}");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        var services = builder.Services;
        services.AddRazorComponents();
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "dsc-console-antiforgery";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.HttpOnly = true;
        });
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(localization =>
        {
            localization.DefaultRequestCulture = new RequestCulture("en");
            localization.SupportedCultures = Cultures;
            localization.SupportedUICultures = Cultures;
            localization.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        services.AddSingleton(new ConsoleConnector(settings.Connector, key, settings.ConnectorKey));
        services.AddSingleton<ConsoleSessions>();
        services.AddSingleton<Operator.Drafts<Supplier.OfferDraft>>();
        services.AddSingleton<Operator.Drafts<Operator.AgreementRequestDraft>>();
        services.AddSingleton<Operator.Drafts<Operator.JobDraft>>();
        services.AddSingleton(new Auditor.AuditorStateFile(settings.AuditorState));
        services.AddSingleton<Auditor.Verifications>();
        services.AddSingleton<Operator.Drafts<Auditor.ReceiptReport>>();
        services.AddSingleton<Operator.Drafts<Operator.ModuleJobDraft>>();
        services.AddSingleton(new Supplier.DatasetRegistrationMap(TimeProvider.System));
        services.AddSingleton<Operator.Drafts<Supplier.DatasetDraft>>();

        var app = builder.Build();
        app.Use(SecurityHeaders);
        app.UseRequestLocalization();
        app.Use(RequireSession);
        app.UseAntiforgery();
        ConsoleEndpoints.Map(app);
        app.MapRazorComponents<App>();
        return new ConsoleApp(app);
    }

    /// <summary>Pages and assets come from this console only; nothing is framed, sniffed, cached or referred.</summary>
    private static Task SecurityHeaders(HttpContext context, Func<Task> next)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        return next();
    }

    /// <summary>Everything but the login link and the assets needs the session the login link opened.</summary>
    private static Task RequireSession(HttpContext context, Func<Task> next)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/login") || path.StartsWithSegments("/assets")
            || context.RequestServices.GetRequiredService<ConsoleSessions>().IsValid(context.Request.Cookies[ConsoleSessions.CookieName]))
        {
            return next();
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        var text = context.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Resources.Text>>();
        return context.Response.WriteAsync(text["LoginRequired"]);
    }
}

/// <summary>The console's web application and the link that opens its session.</summary>
public sealed class ConsoleApp(WebApplication app) : IAsyncDisposable
{
    public WebApplication Application => app;

    /// <summary>Where the console listens (after start).</summary>
    public Uri Address => new(app.Urls.First());

    /// <summary>The one-time login link (after start).</summary>
    public Uri LoginLink => new(Address, "/login?token=" + app.Services.GetRequiredService<ConsoleSessions>().LoginToken);

    public Task StartAsync(CancellationToken cancellationToken = default) => app.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => app.StopAsync(cancellationToken);

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>The console's endpoints besides its pages: login, language, assets, and the actions its forms post to.</summary>
internal static class ConsoleEndpoints
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".txt"] = "text/plain; charset=utf-8",
    };

    public static void Map(WebApplication app)
    {
        app.MapGet("/login", (string? token, ConsoleSessions sessions, HttpContext context) =>
        {
            if (sessions.Redeem(token) is not { } session)
            {
                var text = context.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Resources.Text>>();
                return Results.Text(text["LoginSpent"], "text/plain; charset=utf-8", statusCode: StatusCodes.Status403Forbidden);
            }

            context.Response.Cookies.Append(ConsoleSessions.CookieName, session, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Path = "/",
                IsEssential = true,
            });
            return Results.Redirect("/");
        });

        app.MapGet("/culture", (string? c, string? back, HttpContext context) =>
        {
            var culture = ConsoleHost.Cultures.FirstOrDefault(x => x.Name == c) ?? ConsoleHost.Cultures[0];
            context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/", IsEssential = true });
            return Results.Redirect(back is { Length: > 0 } && back.StartsWith('/') && !back.StartsWith("//", StringComparison.Ordinal) ? back : "/");
        });

        app.MapGet("/assets/{name}", (string name) =>
        {
            using var stream = typeof(ConsoleEndpoints).Assembly.GetManifestResourceStream("assets/" + name);
            if (stream is null || !ContentTypes.TryGetValue(Path.GetExtension(name), out var type))
            {
                return Results.NotFound();
            }

            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return Results.Bytes(copy.ToArray(), type);
        });

        app.MapPost("/actions/jobs/{jobId}/approve", async (string jobId, [FromForm] string? confirm, ConsoleConnector connector, CancellationToken cancellationToken) =>
        {
            var answer = await connector.PostAsync($"/api/v1/jobs/{Uri.EscapeDataString(jobId)}/approve", null, cancellationToken);
            return Back("/jobs", answer, "approved", jobId);
        });

        app.MapPost("/actions/jobs/{jobId}/reject", async (string jobId, [FromForm] string? reason, ConsoleConnector connector, CancellationToken cancellationToken) =>
        {
            var answer = await connector.PostAsync($"/api/v1/jobs/{Uri.EscapeDataString(jobId)}/reject", new { reason = reason ?? "" }, cancellationToken);
            return Back("/jobs", answer, "rejected", jobId);
        });

        Supplier.SupplierActions.Map(app);
        Operator.OperatorActions.Map(app);
        Settlement.SettlementActions.Map(app);
        Operator.JobEvents.Map(app);
        Auditor.AuditorActions.Map(app);
    }

    /// <summary>Post, redirect, get: back to the page with what happened in the query (never a value of the data).</summary>
    private static IResult Back(string page, ConnectorAnswer answer, string done, string jobId) =>
        Results.Redirect(answer.Ok
            ? $"{page}?done={done}&job={Uri.EscapeDataString(jobId)}"
            : $"{page}?error={Uri.EscapeDataString(answer.Problem ?? answer.Status.ToString(CultureInfo.InvariantCulture))}");
}
