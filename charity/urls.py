from django.urls import path

from charity import views

app_name = "charity"

urlpatterns = [
    path("amal/", views.public, name="public"),
    path("amal/laporan/", views.annual_report, name="annual_report"),
    path(
        "amal/laporan/<int:year>.csv", views.annual_report_csv, name="annual_report_csv"
    ),
    path("amal/saya/", views.my_contributions, name="my_contributions"),
    path("amal/kelola/", views.manage, name="manage"),
    path("amal/kebijakan/", views.policy, name="policy"),
    path("amal/program/", views.program_list, name="program_list"),
    path("amal/program/baru/", views.program_create, name="program_create"),
    path("amal/program/<int:pk>/", views.program_detail, name="program_detail"),
    path("amal/program/<int:pk>/ubah/", views.program_edit, name="program_edit"),
    path("amal/penerima/", views.beneficiary_list, name="beneficiary_list"),
    path("amal/penerima/baru/", views.beneficiary_form, name="beneficiary_create"),
    path(
        "amal/penerima/<int:pk>/ubah/", views.beneficiary_form, name="beneficiary_edit"
    ),
    path(
        "amal/penyaluran/baru/", views.disbursement_create, name="disbursement_create"
    ),
    path(
        "amal/penyaluran/<int:pk>/",
        views.disbursement_detail,
        name="disbursement_detail",
    ),
    path(
        "amal/penyaluran/<int:pk>/setujui/",
        views.disbursement_approve,
        name="disbursement_approve",
    ),
    path(
        "amal/penyaluran/<int:pk>/tolak/",
        views.disbursement_reject,
        name="disbursement_reject",
    ),
    path(
        "amal/penyaluran/<int:pk>/bayar/",
        views.disbursement_pay,
        name="disbursement_pay",
    ),
    path(
        "amal/penyaluran/<int:pk>/bukti/",
        views.disbursement_proof,
        name="disbursement_proof",
    ),
    path("amal/donasi/", views.donation_create, name="donation_create"),
]
