{#- Grain: one row per (segment_type, segment_value, decline_reason). Prospects whose outcome is
    `declined`, by the reason they gave; share = declined with this reason / declined. -#}
{{ segment_shares(
    condition="outcome = 'declined'",
    part="coalesce(decline_reason, 'unspecified')",
    part_name='decline_reason',
    total_name='declined',
) }}
