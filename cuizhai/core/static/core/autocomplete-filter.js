// A relation's list filter as a search box (cuizhai.core.base.admin.filters.AutocompleteFilter):
// choosing a record, or clearing the box, reloads the list filtered by it. Select2 reports the
// choice as a jQuery event, hence django.jQuery rather than addEventListener.
"use strict";
{
  const $ = django.jQuery;
  $(function () {
    $("select.cuizhai-autocomplete-filter").on("change", function () {
      const params = new URLSearchParams(this.dataset.filterQuery);
      if (this.value) {
        params.set(this.dataset.filterParam, this.value);
      }
      window.location.search = params.toString();
    });
  });
}
