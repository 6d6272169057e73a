using Microsoft.EntityFrameworkCore;

namespace OsakaDx.Platform.Data;

public static class ModelBuilderExtensions
{
    /// <summary>Makes <see cref="IVersioned.Version"/> a concurrency token on every entity that has it.</summary>
    public static ModelBuilder ApplyVersioning(this ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            if (typeof(IVersioned).IsAssignableFrom(entity.ClrType))
            {
                modelBuilder.Entity(entity.ClrType).Property(nameof(IVersioned.Version)).IsConcurrencyToken();
            }
        }

        return modelBuilder;
    }
}
