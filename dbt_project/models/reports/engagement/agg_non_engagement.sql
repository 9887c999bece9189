{#- Grain: one row per (segment_type, segment_value, outcome). Among prospects who were written
    to and did not become interested (outcome no_response, declined, not_now, opted_out,
    referred_other, undeliverable), how many ended each way; share = prospects / not_engaged. -#}
{{ segment_shares(
    condition="outcome in ('no_response', 'declined', 'not_now', 'opted_out', 'referred_other', 'undeliverable')",
    part='outcome',
    part_name='outcome',
    total_name='not_engaged',
) }}
