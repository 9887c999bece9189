{#- Every later stage implies the earlier ones (contract §6): a stage timestamp is set only when
    the previous one is, so counts never grow down the funnel. Returns the violating rows. -#}
{% test funnel_stages_are_monotone(model) %}
    select *
    from {{ model }}
    where (contacted_at is null and replied_at is not null)
       or (replied_at is null and interested_at is not null)
       or (interested_at is null and screened_at is not null)
       or (screened_at is null and interviewed_at is not null)
       or (interviewed_at is null and offered_at is not null)
       or (offered_at is null and hired_at is not null)
       or replied_at < contacted_at
       or interested_at < replied_at
       or interviewed_at < screened_at
       or offered_at < interviewed_at
       or hired_at < offered_at
{% endtest %}
