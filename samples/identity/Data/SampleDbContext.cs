using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace SessionAwareness.Samples.Identity.Data;

/// <summary>Identity's users, claims, logins and tokens in a SQLite file. Sessions live in the library's own store, not here.</summary>
public sealed class SampleDbContext(DbContextOptions<SampleDbContext> options) : IdentityDbContext<IdentityUser>(options);
