// Visit rating on the public ticket page (once per ticket).
(function () {
  var form = document.getElementById("feedback");
  var result = document.getElementById("feedback-result");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var rating = parseInt(event.submitter.value, 10);
    fetch("/api/v1/public/tickets/" + encodeURIComponent(form.dataset.token) + "/feedback", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ rating: rating })
    }).then(function (response) {
      return response.json().then(function (body) {
        result.textContent = response.ok ? "Спасибо за оценку!" : body.error.message;
      });
    }).catch(function () { result.textContent = "Нет связи с сервером."; });
  });
})();
